import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, type JsonlStore } from '../../server/log/jsonl-store.ts';
import type { EntryBody, EntryOf, LogEntry } from '../../server/contract/log-entry.ts';
import type { LogQuery } from '../../server/contract/events.ts';
import { recBody, decisionBody, approvalBody, alertBody, alertClosedBody } from './log-fixtures.ts';

let dir: string;
let store: JsonlStore;
let clock = Date.parse('2026-11-18T08:00:00Z');
const all: LogEntry[] = [];
const add = async <B extends EntryBody>(body: B) => {
  const e = await store.append(body);
  all.push(e as unknown as LogEntry);
  return e;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mg-logq-'));
  store = await openJsonlStore(dir, { now: () => new Date(clock) });
  const staff = [
    { token_id: 'tok-ana', name: 'Ana', role: 'staff' as const },
    { token_id: 'tok-bo', name: 'Bo Li', role: 'staff' as const },
  ];
  for (let i = 0; i < 30; i++) {
    clock += 6 * 3_600_000; // four entries a day
    const rec = await add(
      recBody({
        actor: staff[i % 2]!,
        location: i % 3 === 0 ? 'austin' : 'des-moines',
        rule_id: i % 5 === 0 ? null : i % 2 ? 'long-wait' : 'noise',
        fallback: i % 5 === 0,
        description: i === 7 ? 'The SHOWER was freezing' : `Complaint ${i}`,
        gesture: { id: i % 4 === 0 ? 'spa-voucher' : 'free-breakfast', label: 'x', value: 10, kind: 'money' },
      }),
    );
    if (i % 3 === 1) await add(decisionBody(rec.id, 'offered', { actor: rec.actor, location: rec.location }));
    if (i % 3 === 1 && i % 2 === 1) await add(decisionBody(rec.id, 'declined', { actor: rec.actor, location: rec.location }));
    if (i % 6 === 2) await add(approvalBody(rec.id, true, { location: rec.location }));
  }
  const alert = await add(alertBody([all[0]!.id], { location: 'austin' }));
  await add(alertClosedBody(alert.id, { root_cause: 'Boiler valve stuck' }));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same filters, written the slow obvious way, to check the index against. */
function expected(q: LogQuery): LogEntry[] {
  const latest = new Map<string, string>();
  for (const e of all) if (e.type === 'decision') latest.set(e.ref, e.outcome);
  const since = q.since ? Date.parse(q.since.length === 10 ? `${q.since}T00:00:00Z` : q.since) : -Infinity;
  const until = q.until ? Date.parse(q.until.length === 10 ? `${q.until}T23:59:59.999Z` : q.until) : Infinity;
  return all
    .filter((e) => {
      const t = Date.parse(e.at);
      if (t < since || t > until) return false;
      if (q.type && e.type !== q.type) return false;
      // A closure sits at its alert's location.
      const at = e.type === 'alert_closed' ? all.find((a) => a.id === e.ref) : e;
      if (q.location && !(at && 'location' in at && at.location === q.location)) return false;
      if (q.staff && !('actor' in e && e.actor.name.toLowerCase() === q.staff.toLowerCase())) return false;
      if (q.outcome && (e.type !== 'recommendation' || (latest.get(e.id) ?? 'none') !== q.outcome)) return false;
      if (q.gesture && !(e.type === 'recommendation' && e.gesture.id === q.gesture) && !(e.type === 'decision' && e.gesture_id === q.gesture)) {
        if (e.type !== 'approval') return false;
        const rec = all.find((r) => r.id === e.ref);
        if (!(rec?.type === 'recommendation' && rec.gesture.id === q.gesture)) return false;
      }
      return true;
    })
    .reverse();
}

describe('query()', () => {
  it('returns newest first with a default page of 50', () => {
    const page = store.query({});
    expect(page.total).toBe(all.length);
    expect(page.offset).toBe(0);
    expect(page.entries.map((e) => e.seq)).toEqual(all.map((e) => e.seq).reverse().slice(0, 50));
  });

  it('pages with offset and limit, capping limit at 500', () => {
    const ids = all.map((e) => e.id).reverse();
    expect(store.query({ offset: 5, limit: 7 }).entries.map((e) => e.id)).toEqual(ids.slice(5, 12));
    expect(store.query({ offset: 1000 }).entries).toEqual([]);
    expect(store.query({ limit: 100000 }).entries).toHaveLength(all.length);
  });

  it.each<LogQuery>([
    { location: 'austin' },
    { staff: 'ana' },
    { staff: 'BO LI' },
    { type: 'decision' },
    { type: 'approval', location: 'des-moines' },
    { outcome: 'none' },
    { outcome: 'offered' },
    { outcome: 'declined', staff: 'bo li' },
    { gesture: 'spa-voucher' },
    { since: '2026-11-20', until: '2026-11-21' },
    { since: '2026-11-20T06:00:00Z', until: '2026-11-20T18:00:00.000Z' },
    { until: '2026-11-19' },
    { location: 'nowhere' },
  ])('filters %j like the obvious scan does', (q) => {
    const page = store.query({ ...q, limit: 500 });
    const want = expected(q);
    expect(page.total).toBe(want.length);
    expect(page.entries.map((e) => e.id)).toEqual(want.map((e) => e.id));
  });

  it("gives each recommendation on the page its latest decision's outcome", () => {
    const latest = new Map<string, string>();
    for (const e of all) if (e.type === 'decision') latest.set(e.ref, e.outcome);
    const page = store.query({ limit: 500 });
    const recs = page.entries.filter((e) => e.type === 'recommendation');
    expect(Object.keys(page.outcomes ?? {}).sort()).toEqual(recs.map((e) => e.id).sort());
    for (const e of recs) expect(page.outcomes?.[e.id]).toBe(latest.get(e.id) ?? 'none');
    expect(new Set(Object.values(page.outcomes ?? {}))).toContain('declined');
  });

  it('filters by rule, with "fallback" for the fallback', () => {
    const fallback = store.query({ rule: 'fallback', type: 'recommendation', limit: 500 });
    expect(fallback.total).toBe(6);
    expect(fallback.entries.every((e) => e.type === 'recommendation' && e.fallback)).toBe(true);
    const noise = store.query({ rule: 'noise', type: 'recommendation', limit: 500 });
    expect(noise.entries.every((e) => e.type === 'recommendation' && e.rule_id === 'noise')).toBe(true);
    expect(noise.total).toBe(12);
  });

  it('finds free text in descriptions and notes, ignoring case', () => {
    expect(store.query({ text: 'shower was' }).entries.map((e) => e.type === 'recommendation' && e.description)).toEqual(['The SHOWER was freezing']);
    expect(store.query({ text: 'boiler VALVE' }).entries.map((e) => e.type)).toEqual(['alert_closed']);
  });

  it('gives an alert closure the location of its alert', () => {
    expect(store.query({ location: 'austin', type: 'alert_closed' }).total).toBe(1);
  });

  it.each<[LogQuery, RegExp]>([
    [{ since: '2026-13-01' }, /since: not a date: 2026-13-01/],
    [{ until: 'tomorrow' }, /until: not a date/],
    [{ outcome: 'maybe' as never }, /outcome: must be one of/],
    [{ type: 'gossip' as never }, /type: must be one of/],
    [{ limit: -1 }, /limit: must be a whole number/],
    [{ offset: 1.5 }, /offset: must be a whole number/],
    [{ location: 42 as never }, /location: must be a string/],
  ])('refuses %j as invalid_payload', (q, message) => {
    expect(() => store.query(q)).toThrow(message);
    try {
      store.query(q);
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_payload' });
    }
  });
});

describe('rows()', () => {
  it('gives every entry compactly, recommendations with how they stand now', () => {
    const rows = [...store.rows()];
    expect(rows.map((r) => r.id)).toEqual(all.map((e) => e.id));
    all.forEach((e, i) => {
      const row = rows[i]!;
      expect(row).toMatchObject({ seq: e.seq, type: e.type, at: Date.parse(e.at) });
      if (e.type === 'recommendation') {
        const decisions = all.filter((d) => d.type === 'decision' && d.ref === e.id);
        const approvals = all.filter((a): a is EntryOf<'approval'> => a.type === 'approval' && a.ref === e.id);
        const last = decisions.at(-1);
        expect(row).toEqual({
          seq: e.seq,
          id: e.id,
          type: 'recommendation',
          at: Date.parse(e.at),
          location: e.location,
          staff: e.actor.name,
          token_id: e.actor.token_id,
          rule: e.rule_id ?? 'fallback',
          gesture: e.gesture.id,
          ref: null,
          value: e.value,
          needs_approval: e.needs_approval,
          approval: approvals.length ? (approvals.at(-1)!.approved ? 'approved' : 'rejected') : 'none',
          outcome: last?.type === 'decision' ? last.outcome : 'none',
          reaction: last?.type === 'decision' ? (last.reaction ?? null) : null,
          final_gesture: last?.type === 'decision' ? last.gesture_id : e.gesture.id,
          customer_ref: e.context.customer_ref ?? null,
        });
      } else if (e.type === 'decision' || e.type === 'approval' || e.type === 'alert_closed') {
        expect(row.ref).toBe(e.ref);
      }
    });
  });

  it('takes the same filters as query()', () => {
    const q: LogQuery = { location: 'austin', outcome: 'none' };
    expect([...store.rows(q)].map((r) => r.id)).toEqual(store.query({ ...q, limit: 500 }).entries.map((e) => e.id).reverse());
  });
});
