import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { INDEX_FILE } from '../../server/log/index-snapshot.ts';
import { HEAD_FILE } from '../../server/log/durable-head.ts';
import { writeChain } from '../../server/log/bulk-write.ts';
import { verifyLog } from '../../server/log/verify.ts';
import type { LogQuery } from '../../server/contract/events.ts';
import { recBody, decisionBody, approvalBody } from './log-fixtures.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-logi-'));
  dirs.push(d);
  return d;
}

async function fill(s: JsonlStore, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await s.append(recBody({ location: i % 2 ? 'austin' : 'boston', request_id: `${tag}-${i}`, description: `${tag} complaint ${i}` }));
    if (i % 3 === 0) await s.append(decisionBody(r.id, i % 2 ? 'declined' : 'accepted'));
    if (i % 4 === 0) await s.append(approvalBody(r.id));
  }
}

const QUERIES: LogQuery[] = [{}, { location: 'austin' }, { outcome: 'none' }, { outcome: 'declined' }, { text: 'later complaint 1' }, { staff: 'ana', type: 'decision' }];

/** Everything a reader can observe, to compare a store from the index file with one rebuilt from the log. */
function observe(s: JsonlStore) {
  const ids = [...s.all()].map((e) => e.id);
  return {
    head: s.head(),
    queries: QUERIES.map((q) => s.query({ ...q, limit: 500 })),
    related: ids.map((id) => s.related(id).map((e) => e.id)),
    requests: ['first-3', 'later-2', 'none'].map((r) => s.findByRequestId(r).map((e) => e.id)),
  };
}

describe('the saved index file', () => {
  it('is written on close and used on the next open, with the same answers as a rebuild', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 20, 'first');
    await s.close();
    expect(existsSync(join(dir, INDEX_FILE))).toBe(true);

    const fromIndex = await openJsonlStore(dir);
    expect(fromIndex.report.fromIndexFile).toBe(fromIndex.head().count);
    const seen = observe(fromIndex);
    await fromIndex.close();
    rmSync(join(dir, INDEX_FILE));
    const rebuilt = await openJsonlStore(dir);
    expect(rebuilt.report.fromIndexFile).toBeUndefined();
    expect(observe(rebuilt)).toEqual(seen);
    await rebuilt.close();
  });

  it('covers a prefix when the server died before saving: the rest is parsed', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 10, 'first');
    await s.saveIndex();
    const covered = s.head().count;
    await fill(s, 10, 'later');
    // No close(): as after kill -9, the index file knows only the first part.
    const crashed = readFileSync(join(dir, INDEX_FILE));
    await s.close();
    writeFileSync(join(dir, INDEX_FILE), crashed);

    const again = await openJsonlStore(dir);
    expect(again.report.fromIndexFile).toBe(covered);
    const seen = observe(again);
    await again.close();
    rmSync(join(dir, INDEX_FILE));
    const rebuilt = await openJsonlStore(dir);
    expect(observe(rebuilt)).toEqual(seen);
    await rebuilt.close();
  });

  it('never hides tampering: a changed line makes the open read the log and refuse', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 5, 'first');
    await s.close();
    const path = join(dir, LOG_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('first complaint 2', 'first complaint 9'));
    await expect(openJsonlStore(dir)).rejects.toThrow(/line \d+ \(seq \d+\) does not match its hash/);
  });

  it('is ignored when damaged', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 5, 'first');
    await s.close();
    writeFileSync(join(dir, INDEX_FILE), 'MGIDX1 garbage');
    const again = await openJsonlStore(dir);
    expect(again.report.fromIndexFile).toBeUndefined();
    expect(again.head().count).toBeGreaterThan(5);
    await again.close();
  });
});

describe('writeChain()', () => {
  it('writes a verifying log and its index file in one go', async () => {
    const dir = tempDir();
    const head = await writeChain(join(dir, LOG_FILE), 300, (i) => recBody({ request_id: `bulk-${i}` }));
    expect(verifyLog(join(dir, LOG_FILE))).toMatchObject({ ok: true, count: 300, head: head.hash });
    const s = await openJsonlStore(dir);
    expect(s.report.fromIndexFile).toBe(300);
    expect(s.findByRequestId('bulk-299')).toHaveLength(1);
    expect((await s.append(recBody())).prev).toBe(head.hash);
    await s.close();
  });
});

describe('the saved index as a witness', () => {
  it('warns when the log has fewer entries than the index file knew', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 6, 'first');
    await s.close();
    const path = join(dir, LOG_FILE);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileSync(path, lines.slice(0, 4).map((l) => `${l}\n`).join(''));
    // The durable head refuses the shortened log outright…
    await expect(openJsonlStore(dir)).rejects.toThrow(/says \d+ entries were acknowledged, so seq 5–\d+ .* are missing/);
    // …and without it (an old backup restored with no head file) the index file still warns.
    rmSync(join(dir, HEAD_FILE));
    const again = await openJsonlStore(dir);
    expect(again.head().count).toBe(4);
    expect(again.report.warnings.join('\n')).toMatch(/no durable head/);
    expect(again.report.warnings.join('\n')).toMatch(new RegExp(`knew ${lines.length} entries but the log has 4: entries were removed`));
    await again.close();
  });

  it('get() refuses an entry changed on disk while the store is open', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    const e = await s.append(recBody({ description: 'original words' }));
    const path = join(dir, LOG_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('original words', 'different words'));
    expect(() => s.get(e.id)).toThrow(/seq 1 changed on disk while the server was running/);
    await s.close();
  });
});

describe('an index file that covers more than the log', () => {
  it('is used for the lines that still match, and restates what the cut entries changed', async () => {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    await fill(s, 12, 'first');
    const keep = readFileSync(join(dir, LOG_FILE)).length;
    const kept = s.head().count;
    // Later entries decide and approve earlier recommendations, then get cut off the log.
    const recs = [...s.rows({ type: 'recommendation' })];
    for (const r of recs.slice(0, 5)) {
      await s.append(decisionBody(r.id, 'swapped', { gesture_id: 'spa-voucher', reaction: 'upset' }));
      await s.append(approvalBody(r.id, false));
    }
    await s.append(recBody({ request_id: 'cut-away' }));
    await s.close(); // the index file now knows the later entries too
    truncateSync(join(dir, LOG_FILE), keep);
    rmSync(join(dir, HEAD_FILE)); // as an old backup restored without its head file

    const again = await openJsonlStore(dir);
    expect(again.report.fromIndexFile).toBe(kept);
    expect(again.report.warnings.join('\n')).toMatch(/entries were removed from the end/);
    expect(again.findByRequestId('cut-away')).toEqual([]);
    const seen = observe(again);
    const rows = [...again.rows()];
    await again.close();
    rmSync(join(dir, INDEX_FILE));
    const rebuilt = await openJsonlStore(dir);
    expect(rebuilt.report.fromIndexFile).toBeUndefined();
    expect(observe(rebuilt)).toEqual(seen);
    expect([...rebuilt.rows()]).toEqual(rows);
    await rebuilt.close();
  });
});
