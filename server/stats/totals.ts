/**
 * Totals over a set of settled recommendations: count and value by gesture, location, rule,
 * staff and ISO week (keyed by its Monday); the value actually given (accepted) apart from the
 * value recommended but not given; acceptance as accepted of decided, both counts kept.
 */
import type { Totals, TotalsRow } from '../contract/events.ts';
import { isDecided, type Settled } from './settle.ts';

/** Monday (UTC) of the ISO week holding `iso`, as YYYY-MM-DD. */
export function isoWeekStart(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

// Money sums in floating point drift (0.1 + 0.2); cents are what people read.
export const cents = (n: number): number => Math.round(n * 100) / 100;

const rate = (accepted: number, decided: number): number | null => (decided === 0 ? null : accepted / decided);

class Bucket {
  private readonly rows = new Map<string, TotalsRow>();
  add(key: string, s: Settled): void {
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { key, count: 0, value: 0, accepted: 0, decided: 0, given_value: 0 }));
    row.count += 1;
    row.value += s.value;
    if (s.outcome === 'accepted') {
      row.accepted += 1;
      row.given_value = (row.given_value ?? 0) + s.value;
    }
    if (isDecided(s.outcome)) row.decided += 1;
  }
  private list(): TotalsRow[] {
    return [...this.rows.values()].map((r) => ({ ...r, value: cents(r.value), given_value: cents(r.given_value ?? 0) }));
  }
  byCount(): TotalsRow[] {
    return this.list().sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
  byKey(): TotalsRow[] {
    return this.list().sort((a, b) => a.key.localeCompare(b.key));
  }
}

export function totals(items: Iterable<Settled>): Totals {
  const gesture = new Bucket();
  const location = new Bucket();
  const week = new Bucket();
  const rule = new Bucket();
  const staff = new Bucket();
  let givenCount = 0;
  let givenValue = 0;
  let count = 0;
  let value = 0;
  let recommended = 0;
  let accepted = 0;
  let decided = 0;
  for (const s of items) {
    gesture.add(s.gesture_id, s);
    location.add(s.location, s);
    week.add((s.week ??= isoWeekStart(new Date(s.t).toISOString())), s);
    rule.add(s.rule, s);
    staff.add(s.staff, s);
    count += 1;
    value += s.value;
    recommended += s.recommended_value;
    if (s.outcome === 'accepted') {
      accepted += 1;
      // Given = the customer accepted it; everything else was recommended but not given.
      givenCount += 1;
      givenValue += s.value;
    }
    if (isDecided(s.outcome)) decided += 1;
  }
  return {
    by_gesture: gesture.byCount(),
    by_location: location.byCount(),
    by_week: week.byKey(),
    count,
    value: cents(value),
    recommended_value: cents(recommended),
    acceptance_rate: rate(accepted, decided),
    accepted,
    decided,
    given: { count: givenCount, value: cents(givenValue) },
    not_given: { count: count - givenCount, value: cents(value - givenValue) },
    by_rule: rule.byCount(),
    by_staff: staff.byCount(),
  };
}
