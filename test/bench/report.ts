/**
 * The bench's output: a readable table (figure, unit, target, pass/miss) and, as the last
 * line, one JSON object with exactly the fields issue 6 names. Pure: builds strings.
 */

export const RESULT_FIELDS = [
  'echo_p50_ms',
  'echo_p99_ms',
  'recommend_p50_ms',
  'recommend_p99_ms',
  'recommend_vs_echo_p50',
  'recommend_vs_echo_p99',
  'max_rate_per_s',
  'idle_kb_per_connection',
  'append_per_s_1k',
  'append_per_s_1m',
  'append_ratio',
  'startup_s_1m',
  'rss_mb_1m',
  'match_us_30',
  'match_us_3000',
  'widget_gzip_bytes',
] as const;

export type ResultField = (typeof RESULT_FIELDS)[number];
/** null = could not be measured in this run; the table says why. */
export type Results = Record<ResultField, number | null>;

interface Target {
  op: '<=' | '<';
  limit: number;
}

/** Targets from issue 6. Fields without one are context for the others. */
export const TARGETS: Partial<Record<ResultField, Target>> = {
  recommend_vs_echo_p50: { op: '<=', limit: 1.5 },
  recommend_vs_echo_p99: { op: '<=', limit: 2 },
  idle_kb_per_connection: { op: '<=', limit: 30 },
  append_ratio: { op: '<=', limit: 1.2 },
  startup_s_1m: { op: '<', limit: 10 },
  rss_mb_1m: { op: '<', limit: 1536 },
  match_us_3000: { op: '<', limit: 50 },
  widget_gzip_bytes: { op: '<=', limit: 24_576 },
};

const UNITS: Record<ResultField, string> = {
  echo_p50_ms: 'ms',
  echo_p99_ms: 'ms',
  recommend_p50_ms: 'ms',
  recommend_p99_ms: 'ms',
  recommend_vs_echo_p50: '×',
  recommend_vs_echo_p99: '×',
  max_rate_per_s: 'req/s',
  idle_kb_per_connection: 'KB',
  append_per_s_1k: 'appends/s',
  append_per_s_1m: 'appends/s',
  append_ratio: '×',
  startup_s_1m: 's',
  rss_mb_1m: 'MB',
  match_us_30: 'µs',
  match_us_3000: 'µs',
  widget_gzip_bytes: 'bytes',
};

export type Verdict = 'pass' | 'miss' | 'n/a' | '';

export function verdict(field: ResultField, value: number | null): Verdict {
  const t = TARGETS[field];
  if (!t) return '';
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return (t.op === '<=' ? value <= t.limit : value < t.limit) ? 'pass' : 'miss';
}

export function emptyResults(): Results {
  return Object.fromEntries(RESULT_FIELDS.map((f) => [f, null])) as Results;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

/** The table, one row per field, then the notes (why a figure is missing, extra context). */
export function renderTable(results: Results, notes: string[]): string {
  const rows = RESULT_FIELDS.map((f) => {
    const t = TARGETS[f];
    return [f, fmt(results[f]), UNITS[f], t ? `${t.op} ${t.limit.toLocaleString('en-US')}` : '', verdict(f, results[f])];
  });
  const head = ['figure', 'value', 'unit', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

/** The last line: exactly RESULT_FIELDS, in order, nothing else. */
export function renderJson(results: Results): string {
  return JSON.stringify(Object.fromEntries(RESULT_FIELDS.map((f) => [f, results[f]])));
}
