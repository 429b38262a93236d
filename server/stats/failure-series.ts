/**
 * Failures over time: recoveries counted per hour, day or week (UTC; weeks start on Monday),
 * by rule and by location, for the console's chart and its table. Pure: the rows, the range
 * and who may see a location are passed in.
 */
import type { FailureSeries, TimeBucket } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The most buckets one answer carries: past that a chart is unreadable and the message grows. */
export const MAX_BUCKETS = 400;
/** The range shown when none is asked for, ending now. */
export const DEFAULT_SPAN: Record<TimeBucket, number> = { hour: 48 * HOUR_MS, day: 30 * DAY_MS, week: 26 * 7 * DAY_MS };

/** The start of the bucket holding `t` (ms, UTC). */
export function bucketStart(t: number, bucket: TimeBucket): number {
  if (bucket === 'hour') return Math.floor(t / HOUR_MS) * HOUR_MS;
  const day = Math.floor(t / DAY_MS) * DAY_MS;
  if (bucket === 'day') return day;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return day - weekday * DAY_MS;
}

function next(t: number, bucket: TimeBucket): number {
  return t + (bucket === 'hour' ? HOUR_MS : bucket === 'day' ? DAY_MS : 7 * DAY_MS);
}

export interface FailureRow {
  /** ms since the epoch */
  at: number;
  location: string;
  rule: string;
}

/**
 * Counts rows with from <= at < to. Refuses (invalid_payload, naming the field) a range that
 * ends before it starts or that would need more than MAX_BUCKETS buckets.
 */
export function failureSeries(
  rows: Iterable<FailureRow>,
  bucket: TimeBucket,
  from: number,
  to: number,
  visible: (location: string) => boolean = () => true,
  labels: Record<string, string> = {},
): FailureSeries {
  if (to <= from) throw new MakegoodError('invalid_payload', 'the range ends before it starts: "since" must be before "until"', 'since');
  const starts: number[] = [];
  for (let t = bucketStart(from, bucket); t < to; t = next(t, bucket)) {
    starts.push(t);
    if (starts.length > MAX_BUCKETS)
      throw new MakegoodError('invalid_payload', `that range holds more than ${MAX_BUCKETS} ${bucket}s; choose a larger bucket or a shorter range`, 'bucket');
  }
  const index = (t: number): number => {
    // Buckets are sorted; binary search for the last start <= t.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const byRule = new Map<string, number[]>();
  const byLocation = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string, i: number) => {
    let counts = m.get(key);
    if (!counts) m.set(key, (counts = new Array<number>(starts.length).fill(0)));
    counts[i]! += 1;
  };
  let total = 0;
  for (const r of rows) {
    if (r.at < from || r.at >= to || !visible(r.location)) continue;
    const i = index(r.at);
    add(byRule, r.rule, i);
    add(byLocation, r.location, i);
    total += 1;
  }
  const series = (m: Map<string, number[]>) =>
    [...m]
      .map(([key, counts]) => ({ key, counts, total: counts.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return {
    bucket,
    starts: starts.map((t) => new Date(t).toISOString()),
    total,
    by_rule: series(byRule).map((s) => ({ ...s, label: labels[s.key] ?? s.key })),
    by_location: series(byLocation),
  };
}
