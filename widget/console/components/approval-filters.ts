/**
 * The approval queue's pure part: filter, sort oldest first, group by location or gesture.
 * No preact here, so it is tested and reused as plain data.
 */
import type { PendingApproval } from '../../../server/contract/index.ts';
import { placeName } from '../format.ts';

export interface QueueFilters {
  location: string;
  gesture: string;
  /** Text as typed; empty = no bound. */
  min: string;
  max: string;
  /** Partial, case-insensitive staff name. */
  staff: string;
}

export type GroupBy = 'location' | 'gesture' | 'none';

export const NO_FILTERS: QueueFilters = { location: '', gesture: '', min: '', max: '', staff: '' };

/** What is asked: after a swap, the swapped-to gesture, not the one first recommended. */
export const asked = (p: PendingApproval) => p.request?.gesture ?? p.entry.gesture;
export const requestId = (p: PendingApproval) => p.request?.entry_id ?? p.entry.id;

export interface Group {
  key: string;
  label: string;
  items: PendingApproval[];
}

/** A bound that is not a number is an error to show, not a silent "no bound". */
export function boundError(f: QueueFilters): string | null {
  for (const [name, v] of [['Minimum value', f.min], ['Maximum value', f.max]] as const) {
    if (v.trim() !== '' && !Number.isFinite(Number(v))) return `${name}: "${v}" is not a number (e.g. 50 or 99.50).`;
  }
  if (f.min.trim() && f.max.trim() && Number(f.min) > Number(f.max)) return `Minimum value ${f.min} is above the maximum ${f.max}.`;
  return null;
}

export function filterQueue(pending: PendingApproval[], f: QueueFilters): PendingApproval[] {
  const min = f.min.trim() === '' ? -Infinity : Number(f.min);
  const max = f.max.trim() === '' ? Infinity : Number(f.max);
  const staff = f.staff.trim().toLowerCase();
  return pending
    .filter((p) => {
      const g = asked(p);
      if (f.location && p.entry.location !== f.location) return false;
      if (f.gesture && g.id !== f.gesture) return false;
      if (Number.isFinite(min) && g.value < min) return false;
      if (Number.isFinite(max) && g.value > max) return false;
      if (staff && !p.entry.actor.name.toLowerCase().includes(staff)) return false;
      return true;
    })
    .sort((a, b) => a.since.localeCompare(b.since)); // oldest first: ISO times sort as text
}

export function groupQueue(items: PendingApproval[], by: GroupBy): Group[] {
  if (by === 'none') return [{ key: 'all', label: 'All requests', items }];
  const groups = new Map<string, Group>();
  for (const p of items) {
    const key = by === 'location' ? p.entry.location : asked(p).id;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: by === 'location' ? placeName(key) : asked(p).label, items: [] }));
    g.items.push(p);
  }
  // The group holding the oldest request first (items are already oldest first).
  return [...groups.values()].sort((a, b) => a.items[0]!.since.localeCompare(b.items[0]!.since));
}

/** The choices the filters offer: only values present in the queue, by name. */
export function choices(pending: PendingApproval[]): { locations: [string, string][]; gestures: [string, string][] } {
  const locations = new Map<string, string>();
  const gestures = new Map<string, string>();
  for (const p of pending) {
    locations.set(p.entry.location, placeName(p.entry.location));
    gestures.set(asked(p).id, asked(p).label);
  }
  const byLabel = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1]);
  return { locations: [...locations].sort(byLabel), gestures: [...gestures].sort(byLabel) };
}
