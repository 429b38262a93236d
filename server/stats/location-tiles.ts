/**
 * The customer GPS: one tile per location with its counts for the last hour and day, 24
 * hourly buckets for a sparkline (oldest first, the last is the hour now running) and the
 * top failure kinds of the day. Pure: `now` and who may see a location are passed in.
 */
import type { LocationTile } from '../contract/events.ts';
import type { Settled } from './settle.ts';

const HOUR_MS = 3_600_000;
const HOURS = 24;
const TOP = 3;

/** `recent` may be any order and may hold older items; only the last 24 hours count. `always` get a tile even when quiet. */
export function locationTiles(recent: Iterable<Settled>, visible: (location: string) => boolean, now: Date, always: readonly string[] = []): LocationTile[] {
  const t = now.getTime();
  const tiles = new Map<string, LocationTile & { rules: Map<string, number> }>();
  const tile = (location: string) => {
    let x = tiles.get(location);
    if (!x) tiles.set(location, (x = { location, last_hour: 0, last_day: 0, hourly: new Array<number>(HOURS).fill(0), top: [], latest_at: null, rules: new Map() }));
    return x;
  };
  for (const l of always) if (visible(l)) tile(l);
  for (const s of recent) {
    const age = t - s.t;
    if (age < 0 || age >= HOURS * HOUR_MS || !visible(s.location)) continue;
    const x = tile(s.location);
    x.last_day += 1;
    if (age <= HOUR_MS) x.last_hour += 1;
    x.hourly[HOURS - 1 - Math.floor(age / HOUR_MS)]! += 1;
    x.rules.set(s.rule, (x.rules.get(s.rule) ?? 0) + 1);
    const at = new Date(s.t).toISOString();
    if (!x.latest_at || at > x.latest_at) x.latest_at = at;
  }
  return [...tiles.values()]
    .map(({ rules, ...x }) => ({
      ...x,
      top: [...rules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP).map(([rule, count]) => ({ rule, count })),
    }))
    .sort((a, b) => b.last_hour - a.last_hour || b.last_day - a.last_day || a.location.localeCompare(b.location));
}
