import { describe, it, expect } from 'vitest';
import { ChainWatch } from '../../server/stats/chain-watch.ts';
import { chainNext, GENESIS } from '../../server/log/hash-chain.ts';
import type { EntryBody, LogEntry } from '../../server/contract/log-entry.ts';
import { rec } from '../support/console-fixtures.ts';

/** Real sealed entries, chained the way the store does. */
function chainOf(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  let head = { count: 0, hash: GENESIS };
  for (let i = 0; i < n; i++) {
    const { seq: _s, id: _i, at: _a, prev: _p, hash: _h, ...body } = rec({ description: `failure ${i}` });
    const { entry } = chainNext(body as EntryBody, head, `2026-11-18T10:0${i}:00.000Z`);
    out.push(entry);
    head = { count: entry.seq, hash: entry.hash };
  }
  return out;
}

describe('ChainWatch', () => {
  it('reports how far the chain verified, and a checkpoint of that head', () => {
    const w = new ChainWatch();
    const entries = chainOf(3);
    for (const e of entries) expect(w.add(e)).toBe(true);
    const s = w.status(new Date('2026-11-18T11:00:00Z'));
    expect(s).toMatchObject({ ok: true, verified_count: 3, verified_at: '2026-11-18T10:02:00.000Z', head_hash: entries[2]!.hash });
    expect(s.checkpoint).toEqual({ count: 3, hash: entries[2]!.hash, at: '2026-11-18T11:00:00.000Z' });
    expect(w.headId).toBe(entries[2]!.id);
  });

  it('stops at an altered entry and names it', () => {
    const w = new ChainWatch();
    const [a, b, c] = chainOf(3);
    w.add(a!);
    expect(w.add({ ...b!, description: 'changed' } as LogEntry)).toBe(false);
    expect(w.add(c!)).toBe(false);
    expect(w.status(new Date())).toMatchObject({ ok: false, verified_count: 1, problem: expect.stringMatching(/entry 2 .*altered/) });
  });

  it('notices a missing entry', () => {
    const w = new ChainWatch();
    const [a, , c] = chainOf(3);
    w.add(a!);
    w.add(c!);
    expect(w.status(new Date()).problem).toMatch(/expected seq 2, found 3/);
  });

  it('starts from a head the store verified, then checks what follows', () => {
    const [a, b, c] = chainOf(3);
    const w = new ChainWatch();
    w.startFrom(b);
    expect(w.add(c!)).toBe(true);
    expect(w.status(new Date())).toMatchObject({ ok: true, verified_count: 3, head_hash: c!.hash });
    const fresh = new ChainWatch();
    fresh.startFrom(a);
    expect(fresh.add(c!)).toBe(false); // entry 2 missing
  });

  it('passes on a problem found on disk', () => {
    const w = new ChainWatch();
    expect(w.status(new Date(), 'entry 1 changed on disk')).toMatchObject({ ok: false, verified_count: 0, verified_at: null, problem: 'entry 1 changed on disk' });
  });
});
