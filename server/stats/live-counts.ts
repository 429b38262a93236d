/**
 * Counts per rule per location for the last hour and the last day, for the manager's
 * live view. Pure: `now` and the visible locations are passed in.
 */
import type { LiveCounts } from '../contract/events.ts';
import type { EntryOf } from '../contract/log-entry.ts';
import { canSee } from './filter.ts';

const HOUR_MS = 3_600_000;

function bump(table: Record<string, Record<string, number>>, rule: string, location: string): void {
  const row = (table[rule] ??= {});
  row[location] = (row[location] ?? 0) + 1;
}

export function liveCounts(recs: Iterable<EntryOf<'recommendation'>>, locations: readonly string[], now: Date): LiveCounts {
  const out: LiveCounts = { last_hour: {}, last_day: {} };
  const t = now.getTime();
  for (const r of recs) {
    const age = t - Date.parse(r.at);
    if (age < 0 || age > 24 * HOUR_MS || !canSee(locations, r.location)) continue;
    const rule = r.rule_id ?? 'fallback';
    bump(out.last_day, rule, r.location);
    if (age <= HOUR_MS) bump(out.last_hour, rule, r.location);
  }
  return out;
}
