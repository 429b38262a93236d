import { describe, it, expect } from 'vitest';
import { settle } from '../../server/stats/settle.ts';
import { totals, isoWeekStart } from '../../server/stats/totals.ts';
import { effectiveness } from '../../server/stats/effectiveness.ts';
import { liveCounts } from '../../server/stats/live-counts.ts';
import { rec, decision, minutes } from '../support/console-fixtures.ts';

describe('isoWeekStart()', () => {
  it('keys a week by its Monday, Sunday belonging to the week before', () => {
    expect(isoWeekStart('2026-11-16T00:00:00Z')).toBe('2026-11-16'); // Monday
    expect(isoWeekStart('2026-11-22T23:59:59Z')).toBe('2026-11-16'); // Sunday
    expect(isoWeekStart('2026-11-23T00:00:00Z')).toBe('2026-11-23');
    expect(isoWeekStart('2027-01-01T12:00:00Z')).toBe('2026-12-28'); // across the year
  });
});

describe('totals()', () => {
  const a = rec({ gesture: 'coffee', value: 5, location: 'des-moines', at: '2026-11-17T10:00:00Z' });
  const b = rec({ gesture: 'refund', value: 20.1, location: 'san-jose', at: '2026-11-18T10:00:00Z', alternatives: [{ id: 'coffee', value: 5 }] });
  const c = rec({ gesture: 'coffee', value: 5, location: 'san-jose', at: '2026-11-24T10:00:00Z' });
  const d = rec({ gesture: 'refund', value: 0.2, location: 'san-jose', at: '2026-11-24T11:00:00Z' });
  const entries = [a, b, c, d, decision(a, 'accepted'), decision(b, 'swapped', { gesture: 'coffee' }), decision(b, 'declined', { gesture: 'coffee' }), decision(c, 'offered')];

  it('counts and sums by gesture, location and week, using the gesture finally given', () => {
    const t = totals(settle(entries).values());
    expect(t.count).toBe(4);
    expect(t.value).toBe(15.2); // 5 + 5 (b swapped to coffee) + 5 + 0.2
    expect(t.by_gesture).toEqual([
      { key: 'coffee', count: 3, value: 15, accepted: 1, decided: 2, given_value: 5 },
      { key: 'refund', count: 1, value: 0.2, accepted: 0, decided: 0, given_value: 0 },
    ]);
    expect(t.by_location.map((r) => [r.key, r.count])).toEqual([['san-jose', 3], ['des-moines', 1]]);
    expect(t.by_week.map((r) => [r.key, r.count])).toEqual([['2026-11-16', 2], ['2026-11-23', 2]]);
    // What was first recommended stays beside it: b recommended the refund (20.1).
    expect(t.recommended_value).toBe(30.3);
  });

  it('rates acceptance over decided recoveries only (offered-only ones wait), keeping both counts', () => {
    const t = totals(settle(entries).values());
    expect(t.acceptance_rate).toBe(0.5);
    expect([t.accepted, t.decided]).toEqual([1, 2]);
    expect(totals(settle([c]).values()).acceptance_rate).toBeNull();
  });

  it('shows the value actually given (accepted) apart from recommended-but-not-given (declined, offered, pending)', () => {
    const t = totals(settle(entries).values());
    expect(t.given).toEqual({ count: 1, value: 5 }); // a's coffee
    expect(t.not_given).toEqual({ count: 3, value: 10.2 }); // b declined, c only offered, d pending
    expect(t.by_rule?.map((r) => [r.key, r.count, r.given_value])).toEqual([['late-car', 4, 5]]);
    expect(t.by_staff?.map((r) => [r.key, r.count])).toEqual([['ana', 4]]);
  });

  it('keeps the recommended value when a swap names a gesture outside the offer', () => {
    const t = totals(settle([a, decision(a, 'swapped', { gesture: 'mystery' })]).values());
    expect(t.by_gesture).toEqual([{ key: 'mystery', count: 1, value: 5, accepted: 0, decided: 0, given_value: 0 }]);
  });
});

describe('effectiveness()', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const old = rec({ rule: 'late-car', at: '2026-11-01T10:00:00Z' });
  const r1 = rec({ rule: 'late-car', gesture: 'coffee', value: 5, at: '2026-11-29T10:00:00Z' });
  const r2 = rec({ rule: 'late-car', gesture: 'wash', value: 15, at: '2026-11-28T10:00:00Z' });
  const r3 = rec({ rule: null, gesture: 'coffee', value: 5, at: '2026-11-27T10:00:00Z' });
  const entries = [old, r1, r2, r3, decision(r1, 'accepted', { reaction: 'delighted' }), decision(r2, 'declined', { reaction: 'upset' }), decision(r3, 'accepted')];

  it('counts offers, answers, reactions and average value per rule inside the window', () => {
    const e = effectiveness(settle(entries).values(), 7, now);
    expect(e.days).toBe(7);
    const late = e.by_rule.find((r) => r.key === 'late-car');
    expect(late).toMatchObject({ offered: 2, accepted: 1, declined: 1, acceptance_rate: 0.5, average_value: 10 });
    expect(late?.reactions).toEqual({ delighted: 1, satisfied: 0, neutral: 0, upset: 1 });
    expect(e.by_rule.find((r) => r.key === 'fallback')).toMatchObject({ offered: 1, acceptance_rate: 1 });
  });

  it('widens with the days asked for, and groups by gesture too', () => {
    const e = effectiveness(settle(entries).values(), 30, now);
    expect(e.by_rule.find((r) => r.key === 'late-car')?.offered).toBe(3);
    expect(e.by_gesture.find((r) => r.key === 'coffee')).toMatchObject({ offered: 3, accepted: 2 });
  });
});

describe('liveCounts()', () => {
  const now = new Date(minutes(24 * 60));
  const recent = rec({ rule: 'late-car', location: 'des-moines', at: minutes(24 * 60 - 10) });
  const today = rec({ rule: 'late-car', location: 'des-moines', at: minutes(120) });
  const other = rec({ rule: null, location: 'san-jose', at: minutes(24 * 60 - 5) });
  const yesterday = rec({ rule: 'late-car', location: 'des-moines', at: minutes(-10) });

  it('counts per rule per location for the last hour and day, only where the manager oversees', () => {
    expect(liveCounts(settle([recent, today, other, yesterday]).values(), (l) => l === 'des-moines', now)).toEqual({
      last_hour: { 'late-car': { 'des-moines': 1 } },
      last_day: { 'late-car': { 'des-moines': 2 } },
    });
    expect(liveCounts(settle([recent, other]).since(now.getTime() - 86_400_000), () => true, now).last_hour).toEqual({ 'late-car': { 'des-moines': 1 }, fallback: { 'san-jose': 1 } });
  });
});
