/**
 * Counts per rule per location for the last hour and the last day, for the manager's
 * live view. Pure: `now` and who may see a location are passed in.
 */
import type { LiveCounts } from '../contract/events.ts';
import type { Settled } from './settle.ts';

const HOUR_MS = 3_600_000;

function bump(table: Record<string, Record<string, number>>, rule: string, location: string): void {
  const row = (table[rule] ??= {});
  row[location] = (row[location] ?? 0) + 1;
}

/** `recent` may be any order and may hold older items; only the last 24 hours count. */
export function liveCounts(recent: Iterable<Settled>, visible: (location: string) => boolean, now: Date): LiveCounts {
  const out: LiveCounts = { last_hour: {}, last_day: {} };
  const t = now.getTime();
  for (const s of recent) {
    const age = t - s.t;
    if (age < 0 || age > 24 * HOUR_MS || !visible(s.location)) continue;
    bump(out.last_day, s.rule, s.location);
    if (age <= HOUR_MS) bump(out.last_hour, s.rule, s.location);
  }
  return out;
}
