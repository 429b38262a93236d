/** View switcher: a nav of buttons, the current one marked for screen readers. */
export interface TabsProps<K extends string> {
  label: string;
  tabs: readonly { key: K; label: string; badge?: number }[];
  current: K;
  onSelect: (key: K) => void;
}

export function Tabs<K extends string>({ label, tabs, current, onSelect }: TabsProps<K>) {
  return (
    <nav aria-label={label} class="tabs">
      <ul>
        {tabs.map((t) => (
          <li key={t.key}>
            <button type="button" aria-current={t.key === current ? 'page' : undefined} onClick={() => onSelect(t.key)}>
              {t.label}
              {t.badge ? <span class="badge"> ({t.badge})</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Shows a wire error in words. */
export function ErrorNote({ error }: { error: { code: string; message: string } | null }) {
  if (!error) return null;
  return (
    <p role="alert" class="error">
      {error.code === 'forbidden' ? 'Your role may not see this.' : error.message}
    </p>
  );
}
