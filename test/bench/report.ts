/**
 * The bench's output: a readable table (figure, unit, target, pass/MISS) and, as the last
 * line, one JSON object with exactly the fields issues 6 and 11 name. Pure: builds strings.
 */

export const RESULT_FIELDS = [
  'durable_p50_ms',
  'durable_p99_ms',
  'recommend_p50_ms',
  'recommend_p99_ms',
  'recommend_vs_durable_p50',
  'recommend_vs_durable_p99',
  'durable_p50_ms_3k',
  'durable_p99_ms_3k',
  'recommend_p50_ms_3k',
  'recommend_p99_ms_3k',
  'recommend_vs_durable_p50_3k',
  'recommend_vs_durable_p99_3k',
  'echo_p50_ms',
  'echo_p99_ms',
  'recommend_vs_echo_p50',
  'recommend_vs_echo_p99',
  'max_rate_per_s',
  'durable_max_rate_per_s',
  'max_rate_vs_durable',
  'cpu_ms_per_recommend',
  'durable_cpu_ms_per_request',
  'cpu_vs_durable',
  'quorum_p50_ratio',
  'restart_s_quorum_100k',
  'reload_stall_ms_10k',
  'reload_live_s_10k',
  'reload_unserved_10k',
  'check_s_10k',
  'idle_kb_per_connection',
  'append_per_s_1k',
  'append_per_s_1m',
  'append_ratio',
  'startup_s_1m',
  'rss_mb_1m',
  'rss_mb_3m',
  'rss_mb_per_million',
  'match_us_30',
  'match_us_3000',
  'widget_gzip_bytes',
] as const;

export type ResultField = (typeof RESULT_FIELDS)[number];
/** null = could not be measured in this run; the table says why. */
export type Results = Record<ResultField, number | null>;

interface Target {
  op: '<=' | '<' | '>=';
  limit: number;
}

/**
 * Targets from issues 6 and 11. Fields without one are context for the others. The bare echo
 * ratios lost theirs in issue 11: no store that fsyncs before it acks can come near a floor that
 * does not; the durable echo is the floor now.
 */
export const TARGETS: Partial<Record<ResultField, Target>> = {
  recommend_vs_durable_p50: { op: '<=', limit: 1.2 },
  recommend_vs_durable_p99: { op: '<=', limit: 1.3 },
  recommend_vs_durable_p50_3k: { op: '<=', limit: 1.2 },
  recommend_vs_durable_p99_3k: { op: '<=', limit: 1.3 },
  max_rate_vs_durable: { op: '>=', limit: 0.8 },
  cpu_vs_durable: { op: '<=', limit: 2 },
  quorum_p50_ratio: { op: '<=', limit: 1.2 },
  restart_s_quorum_100k: { op: '<', limit: 5 },
  reload_stall_ms_10k: { op: '<', limit: 50 },
  reload_live_s_10k: { op: '<', limit: 5 },
  reload_unserved_10k: { op: '<=', limit: 0 },
  check_s_10k: { op: '<', limit: 2 },
  idle_kb_per_connection: { op: '<=', limit: 30 },
  append_ratio: { op: '<=', limit: 1.2 },
  startup_s_1m: { op: '<', limit: 5 },
  rss_mb_1m: { op: '<=', limit: 300 },
  match_us_3000: { op: '<', limit: 50 },
  widget_gzip_bytes: { op: '<=', limit: 24_576 },
};

const UNITS: Record<ResultField, string> = {
  durable_p50_ms: 'ms',
  durable_p99_ms: 'ms',
  recommend_p50_ms: 'ms',
  recommend_p99_ms: 'ms',
  recommend_vs_durable_p50: '×',
  recommend_vs_durable_p99: '×',
  durable_p50_ms_3k: 'ms',
  durable_p99_ms_3k: 'ms',
  recommend_p50_ms_3k: 'ms',
  recommend_p99_ms_3k: 'ms',
  recommend_vs_durable_p50_3k: '×',
  recommend_vs_durable_p99_3k: '×',
  echo_p50_ms: 'ms',
  echo_p99_ms: 'ms',
  recommend_vs_echo_p50: '×',
  recommend_vs_echo_p99: '×',
  max_rate_per_s: 'req/s',
  durable_max_rate_per_s: 'req/s',
  max_rate_vs_durable: '×',
  cpu_ms_per_recommend: 'ms',
  durable_cpu_ms_per_request: 'ms',
  cpu_vs_durable: '×',
  quorum_p50_ratio: '×',
  restart_s_quorum_100k: 's',
  reload_stall_ms_10k: 'ms',
  reload_live_s_10k: 's',
  reload_unserved_10k: 'requests',
  check_s_10k: 's',
  idle_kb_per_connection: 'KB',
  append_per_s_1k: 'appends/s',
  append_per_s_1m: 'appends/s',
  append_ratio: '×',
  startup_s_1m: 's',
  rss_mb_1m: 'MB',
  rss_mb_3m: 'MB',
  rss_mb_per_million: 'MB',
  match_us_30: 'µs',
  match_us_3000: 'µs',
  widget_gzip_bytes: 'bytes',
};

/** MISS in capitals: a missed target should stand out in a long table. */
export type Verdict = 'pass' | 'MISS' | 'n/a' | '';

export function verdict(field: ResultField, value: number | null): Verdict {
  const t = TARGETS[field];
  if (!t) return '';
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const ok = t.op === '<=' ? value <= t.limit : t.op === '>=' ? value >= t.limit : value < t.limit;
  return ok ? 'pass' : 'MISS';
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

/**
 * The table, one row per field, then the notes (why a figure is missing, extra context).
 * `loadAvg` (1-minute load average at start and end) heads the table: latency figures are
 * only as quiet as the machine was.
 */
export function renderTable(results: Results, notes: string[], loadAvg?: { start: number; end: number; cores: number }): string {
  const rows = RESULT_FIELDS.map((f) => {
    const t = TARGETS[f];
    return [f, fmt(results[f]), UNITS[f], t ? `${t.op} ${t.limit.toLocaleString('en-US')}` : '', verdict(f, results[f])];
  });
  const head = ['figure', 'value', 'unit', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (loadAvg) out.unshift(`load average ${loadAvg.start.toFixed(1)} at start, ${loadAvg.end.toFixed(1)} at end, on ${loadAvg.cores} cores`, '');
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

/** The last line: exactly RESULT_FIELDS, in order, nothing else. */
export function renderJson(results: Results): string {
  return JSON.stringify(Object.fromEntries(RESULT_FIELDS.map((f) => [f, results[f]])));
}
