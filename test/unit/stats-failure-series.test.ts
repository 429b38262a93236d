import { describe, it, expect } from 'vitest';
import { bucketStart, failureSeries, MAX_BUCKETS, type FailureRow } from '../../server/stats/failure-series.ts';
import { MakegoodError } from '../../server/contract/errors.ts';

const at = (iso: string) => Date.parse(iso);
const row = (iso: string, location = 'des-moines', rule = 'late-car'): FailureRow => ({ at: at(iso), location, rule });

describe('failure series', () => {
  it('starts hours, days and Monday weeks in UTC', () => {
    const t = at('2026-11-18T10:42:05Z'); // a Wednesday
    expect(new Date(bucketStart(t, 'hour')).toISOString()).toBe('2026-11-18T10:00:00.000Z');
    expect(new Date(bucketStart(t, 'day')).toISOString()).toBe('2026-11-18T00:00:00.000Z');
    expect(new Date(bucketStart(t, 'week')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(new Date(bucketStart(at('2026-11-22T23:59:59Z'), 'week')).toISOString()).toBe('2026-11-16T00:00:00.000Z'); // Sunday
    expect(new Date(bucketStart(at('2026-11-23T00:00:00Z'), 'week')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // Monday
  });

  it('counts each row once in its bucket, by rule (labelled) and by location, busiest first; rows outside the range or unseen are left out', () => {
    const rows = [
      row('2026-11-16T09:00:00Z'),
      row('2026-11-17T23:59:59Z', 'san-jose'),
      row('2026-11-18T00:00:00Z', 'san-jose', 'room'),
      row('2026-11-18T12:00:00Z', 'des-moines', 'room'),
      row('2026-11-18T13:00:00Z', 'des-moines', 'room'),
      row('2026-11-15T23:59:59Z'), // before the range
      row('2026-11-19T00:00:00Z'), // the range ends here (exclusive)
      row('2026-11-18T01:00:00Z', 'austin'), // not visible
    ];
    const s = failureSeries(rows, 'day', at('2026-11-16T00:00:00Z'), at('2026-11-19T00:00:00Z'), (l) => l !== 'austin', { room: 'Room not ready' });
    expect(s.starts).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-17T00:00:00.000Z', '2026-11-18T00:00:00.000Z']);
    expect(s.total).toBe(5);
    expect(s.by_rule).toEqual([
      { key: 'room', label: 'Room not ready', counts: [0, 0, 3], total: 3 },
      { key: 'late-car', label: 'late-car', counts: [1, 1, 0], total: 2 },
    ]);
    expect(s.by_location).toEqual([
      { key: 'des-moines', counts: [1, 0, 2], total: 3 },
      { key: 'san-jose', counts: [0, 1, 1], total: 2 },
    ]);
  });

  it('an empty log gives the buckets with no series', () => {
    const s = failureSeries([], 'hour', at('2026-11-18T10:30:00Z'), at('2026-11-18T12:00:00Z'));
    expect(s).toEqual({ bucket: 'hour', starts: ['2026-11-18T10:00:00.000Z', '2026-11-18T11:00:00.000Z'], total: 0, by_rule: [], by_location: [] });
  });

  it('refuses a backwards range and one needing too many buckets, naming the field', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const back = err(() => failureSeries([], 'day', at('2026-11-18'), at('2026-11-01')));
    expect(back).toBeInstanceOf(MakegoodError);
    expect(back).toMatchObject({ code: 'invalid_payload', path: 'since' });
    const many = err(() => failureSeries([], 'hour', at('2026-01-01'), at('2026-01-01') + (MAX_BUCKETS + 1) * 3_600_000));
    expect(many).toMatchObject({ code: 'invalid_payload', path: 'bucket' });
    expect(failureSeries([], 'hour', at('2026-01-01'), at('2026-01-01') + MAX_BUCKETS * 3_600_000).starts).toHaveLength(MAX_BUCKETS);
  });
});
