/**
 * Horizontal bars in plain CSS. The numbers are always there as text too, so the chart reads
 * the same with a screen reader (the bars themselves are hidden from it).
 */
export interface Bar {
  key: string;
  value: number;
  label: string;
}

export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="empty">Nothing yet.</p>
      ) : (
        <ul>
          {bars.map((b) => (
            <li key={b.key}>
              <span class="bar-key">{b.key}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar" style={{ width: `${max > 0 ? Math.max(1, (b.value / max) * 100) : 0}%` }} />
              </span>
              <span class="bar-label">{b.label}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
