/**
 * The LogQuery filters applied to settled recommendations, for totals over "the filtered set".
 * Same meaning as the log's query: since/until are inclusive ISO times (a bare date for
 * `until` means the whole day), text matches description, staff, location, rule and gesture
 * case-insensitively, outcome 'none' means nothing decided yet.
 */
import type { LogQuery } from '../contract/events.ts';
import type { Settled } from './settle.ts';

export function untilBound(until: string): string {
  // "2026-11-20" should include everything on that day.
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : until;
}

export function matchesQuery(s: Settled, q: LogQuery): boolean {
  const r = s.rec;
  if (q.type !== undefined && q.type !== 'recommendation') return false;
  if (q.since && Date.parse(r.at) < Date.parse(q.since)) return false;
  if (q.until && Date.parse(r.at) > Date.parse(untilBound(q.until))) return false;
  if (q.location && r.location !== q.location) return false;
  if (q.staff && r.actor.name !== q.staff && r.actor.token_id !== q.staff) return false;
  if (q.rule && (r.rule_id ?? 'fallback') !== q.rule) return false;
  if (q.gesture && r.gesture.id !== q.gesture && s.gesture_id !== q.gesture) return false;
  if (q.outcome && (s.outcome ?? 'none') !== q.outcome) return false;
  if (q.text) {
    const needle = q.text.toLowerCase();
    const hay = [r.description, r.actor.name, r.location, r.rule_id ?? 'fallback', r.gesture.id, r.gesture.label];
    if (!hay.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** Keeps only what a principal may see: '*' oversees every location. */
export function canSee(locations: readonly string[], location: string): boolean {
  return locations.includes('*') || locations.includes(location);
}
