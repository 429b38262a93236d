/** View switcher: a nav of buttons, the current one marked for screen readers. */
import { useEffect, useRef } from 'preact/hooks';
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

/**
 * After switching views, move focus to the new view's heading so keyboard and screen-reader
 * users land on what changed instead of staying on a button that is no longer relevant.
 */
export function useFocusOnChange(key: unknown): (el: HTMLElement | null) => void {
  const root = useRef<HTMLElement | null>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h = root.current?.querySelector<HTMLElement>('h2');
    if (!h) return;
    h.setAttribute('tabindex', '-1');
    h.focus();
  }, [key]);
  return (el) => {
    root.current = el;
  };
}
