import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore } from '../../server/log/jsonl-store.ts';
import { main } from '../../server/cli/main.ts';
import type { EntryBody, LogEntry } from '../../server/contract/log-entry.ts';
import { rec, decision } from '../support/console-fixtures.ts';

const body = (e: LogEntry): EntryBody => {
  const { seq: _s, id: _i, at: _a, prev: _p, hash: _h, ...rest } = e;
  return rest as EntryBody;
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'makegood-stats-'));
  const store = await openJsonlStore(dir);
  // Real entries through the real store (timestamps are now), decisions linked by the stored ids.
  const a = await store.append(body(rec({ rule: 'parts', gesture: 'lunch', value: 20 })) as EntryBody);
  const b = await store.append(body(rec({ rule: 'parts', gesture: 'lunch', value: 20 })) as EntryBody);
  await store.append(body(rec({ rule: null, gesture: 'coffee', value: 4 })) as EntryBody);
  await store.append(body(decision(a as never, 'accepted', { reaction: 'delighted' })) as EntryBody);
  await store.append(body(decision(b as never, 'declined', { reaction: 'upset' })) as EntryBody);
  await store.close();
});

afterEach(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out: () => out.join('\n'), err: () => err.join('\n') };
}

describe('makegood rules stats', () => {
  it('prints per-rule and per-gesture tables', async () => {
    const io = capture();
    expect(await main(['rules', 'stats', '--data', dir])).toBe(0);
    const text = io.out();
    expect(text).toContain('Effectiveness over the last 7 days: 3 recoveries (of 5 log entries).');
    const partsRow = text.split('\n').find((l) => l.trim().startsWith('parts '));
    expect(partsRow?.trim().split(/\s+/)).toEqual(['parts', '2', '1', '1', '50%', '1', '0', '0', '1', '20']);
    expect(text).toMatch(/Per gesture[\s\S]*lunch\s+2/);
    expect(text).toMatch(/fallback\s+1\s+0\s+0\s+—/);
  });

  it('prints JSON with --json and honours --days', async () => {
    const io = capture();
    expect(await main(['rules', 'stats', '--data', dir, '--days', '30', '--json'])).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.days).toBe(30);
    expect(json.by_rule.find((r: { key: string }) => r.key === 'parts')).toMatchObject({ offered: 2, acceptance_rate: 0.5 });
  });

  it('exits 2 on bad usage and 1 when there is no log', async () => {
    const io = capture();
    expect(await main(['rules', 'stats', '--days', '0'])).toBe(2);
    expect(await main(['rules', 'stats', '--bogus'])).toBe(2);
    expect(await main(['rules', 'stats', '--data', join(dir, 'missing')])).toBe(1);
    expect(io.err()).toMatch(/--days must be a whole number[\s\S]*unknown option "--bogus"[\s\S]*no recovery log at/);
  });
});
