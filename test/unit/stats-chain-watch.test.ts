import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainWatch } from '../../server/stats/chain-watch.ts';
import { openJsonlStore, LOG_FILE, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { seal } from '../../server/log/hash-chain.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { recBody } from './log-fixtures.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A real log of n entries written by the store; the store stays open for more appends. */
async function logOf(n: number): Promise<{ store: JsonlStore; path: string; entries: LogEntry[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'mg-chainw-'));
  dirs.push(dir);
  const store = await openJsonlStore(dir);
  const entries: LogEntry[] = [];
  for (let i = 0; i < n; i++) entries.push(await store.append(recBody({ description: `failure number ${i}` })));
  return { store, path: join(dir, LOG_FILE), entries };
}
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const writeLines = (path: string, ls: string[]) => writeFileSync(path, ls.map((l) => `${l}\n`).join(''));
const clock = (iso: string) => () => new Date(iso);

describe('ChainWatch (reads the log file, not the store)', () => {
  it('reports how far the file verifies, when it read it, and a checkpoint of that head', async () => {
    const { store, path, entries } = await logOf(3);
    const w = new ChainWatch({ path, now: clock('2026-11-18T11:00:00Z') });
    expect(w.status().read_at).toBeNull();
    const s = w.check();
    const last = entries[2]!;
    expect(s).toMatchObject({ ok: true, verified_count: 3, verified_at: last.at, head_hash: last.hash, read_at: '2026-11-18T11:00:00.000Z' });
    expect(s.checkpoint).toEqual({ count: 3, hash: last.hash, at: '2026-11-18T11:00:00.000Z' });
    await store.close();
  });

  it('follows appends incrementally, and leaves a line still being written for the next read', async () => {
    const { store, path } = await logOf(2);
    const w = new ChainWatch({ path });
    expect(w.check().verified_count).toBe(2);
    const more = [await store.append(recBody()), await store.append(recBody())];
    expect(w.check()).toMatchObject({ ok: true, verified_count: 4, head_hash: more[1]!.hash });
    await store.close();
    appendFileSync(path, '{"hash":"ab'); // a write in progress, not a problem yet
    expect(w.check()).toMatchObject({ ok: true, verified_count: 4 });
  });

  it('turns failed when a byte of an already verified entry changes on disk, naming that entry', async () => {
    const { store, path } = await logOf(8);
    const w = new ChainWatch({ path, markEvery: 3 });
    expect(w.check().ok).toBe(true);
    const ls = lines(path);
    ls[4] = ls[4]!.replace('failure number 4', 'failure number 5'); // same length, entry 5
    writeLines(path, ls);
    // The store still has entry 5 in its index: only the disk says otherwise.
    expect(store.head().count).toBe(8);
    const s = w.check();
    expect(s.ok).toBe(false);
    expect(s.problem).toMatch(/^line 5 \(seq 5\) does not match its hash.*changed on disk/);
    expect(s.verified_count).toBe(8);
    await store.close();
  });

  it('names an entry changed before the watch first read it', async () => {
    const { store, path } = await logOf(4);
    await store.close();
    const ls = lines(path);
    ls[1] = ls[1]!.replace('failure number 1', 'failure number 9');
    writeLines(path, ls);
    const s = new ChainWatch({ path }).check();
    expect(s).toMatchObject({ ok: false, verified_count: 1 });
    expect(s.problem).toMatch(/line 2 \(seq 2\) does not match its hash/);
  });

  it('catches a whole-chain rewrite (every hash recomputed) after it verified the file', async () => {
    const { store, path } = await logOf(7);
    await store.close();
    const w = new ChainWatch({ path, markEvery: 2 });
    expect(w.check().ok).toBe(true);
    let prev = '0'.repeat(64);
    writeLines(
      path,
      lines(path).map((l) => {
        const { hash: _h, ...rest } = JSON.parse(l);
        const s = seal({ ...rest, prev, ...(rest.seq === 3 ? { description: 'nothing happened' } : {}) });
        prev = s.entry.hash;
        return s.line;
      }),
    );
    const s = w.check();
    expect(s.ok).toBe(false);
    expect(s.problem).toMatch(/no longer end in the hash verified before|changed on disk/);
  });

  it('names the first entry gone when the file is cut', async () => {
    const { store, path } = await logOf(6);
    await store.close();
    const w = new ChainWatch({ path, markEvery: 2 });
    expect(w.check().verified_count).toBe(6);
    const keep = lines(path).slice(0, 3).join('\n').length + 1 + 20; // inside line 4
    truncateSync(path, keep);
    expect(w.check().problem).toMatch(new RegExp(`the log file is ${keep} bytes .* entry seq 4 and every later one up to seq 6 are gone`));
  });

  it('catches up on a big file in bounded steps, saying how far it got each time', async () => {
    const { store, path, entries } = await logOf(10);
    await store.close();
    const w = new ChainWatch({ path, readBytes: 1500 });
    const seen: number[] = [];
    for (let i = 0; i < 20 && seen.at(-1) !== 10; i++) {
      const s = w.check();
      expect(s.ok).toBe(true);
      seen.push(s.verified_count);
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(10);
    expect(w.status().head_hash).toBe(entries[9]!.hash);
  });

  it('holds the log to the durable head on disk: acknowledged entries cut off the end show', async () => {
    const { store, path } = await logOf(5);
    await store.close();
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.split('\n').slice(0, 3).map((l) => `${l}\n`).join(''));
    const s = new ChainWatch({ path }).check();
    expect(s).toMatchObject({ ok: false, verified_count: 3 });
    expect(s.problem).toMatch(/says 5 entries were acknowledged, so seq 4–5 \(2 entries\) are missing/);
  });

  it('says so when the store has no file, and when the file is gone', async () => {
    expect(new ChainWatch({ path: null }).check()).toMatchObject({ ok: false, problem: 'the log store has no file to read' });
    const { store, path } = await logOf(1);
    await store.close();
    rmSync(path);
    expect(new ChainWatch({ path }).check().problem).toMatch(/is gone/);
  });
});
