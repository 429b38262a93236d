import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { verifyLog } from '../../server/log/verify.ts';
import { HEAD_FILE } from '../../server/log/durable-head.ts';
import { FaultyDisk } from './log-faulty-disk.ts';
import { recBody } from './log-fixtures.ts';

const dirs: string[] = [];
const stores: JsonlStore[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-logd-'));
  dirs.push(d);
  return d;
}
async function open(dir: string, disk?: FaultyDisk): Promise<JsonlStore> {
  const s = await openJsonlStore(dir, disk ? { fileOps: disk } : {});
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = (dir: string) => join(dir, LOG_FILE);

describe('group commit', () => {
  it('makes N concurrent appends durable with fewer than N fsyncs, in order', async () => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    const before = disk.syncs;
    const headBefore = disk.headSyncs;
    const entries = await Promise.all(Array.from({ length: 200 }, (_, i) => s.append(recBody({ request_id: `r${i}` }))));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(entries.map((e) => e.request_id)).toEqual(Array.from({ length: 200 }, (_, i) => `r${i}`));
    const syncs = disk.syncs - before;
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(200);
    expect(disk.writes).toBe(syncs);
    // The durable head costs one in-place fdatasync per batch (not per entry), never more.
    expect(disk.headSyncs - headBefore).toBe(syncs);
    expect(disk.headWrites).toBe(disk.headSyncs);
    await s.close();
    const v = verifyLog(file(dir));
    expect(v).toMatchObject({ ok: true, count: 200, head: entries[199]!.hash });
  });

  it('resolves an append only after its fsync', async () => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    const syncsBefore = disk.syncs;
    await s.append(recBody());
    expect(disk.syncs).toBe(syncsBefore + 1);
  });
});

describe('when the disk refuses', () => {
  it.each(['ENOSPC', 'EROFS', 'EACCES', 'EIO'])('rejects with unavailable on %s and continues the chain once it recovers', async (code) => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    const first = await s.append(recBody());
    const size = statSync(file(dir)).size;
    disk.failWrite = code;
    disk.partialBytes = 100; // half a line reaches the file before the error
    const failed = await Promise.allSettled([s.append(recBody()), s.append(recBody())]);
    for (const r of failed) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
    expect((failed[0] as PromiseRejectedResult).reason.message).toContain(code);
    expect(s.head().count).toBe(1);
    expect(statSync(file(dir)).size).toBe(size); // the half line was cut
    disk.failWrite = null;
    const next = await s.append(recBody());
    expect(next).toMatchObject({ seq: 2, prev: first.hash });
    await s.close();
    expect(verifyLog(file(dir))).toMatchObject({ ok: true, count: 2 });
  });

  it('treats a failed fsync as not saved', async () => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    disk.failSync = 'EIO';
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    expect(s.head().count).toBe(0);
    expect(statSync(file(dir)).size).toBe(0);
    disk.failSync = null;
    expect((await s.append(recBody())).seq).toBe(1);
  });

  it('cuts a tail it could not cut at failure time before the next write', async () => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    await s.append(recBody());
    disk.failWrite = 'ENOSPC';
    disk.partialBytes = 50;
    disk.failTruncate = 'EIO';
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    // The garbage is still there, and the disk is still refusing: the next append fails too.
    disk.failWrite = null;
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    disk.failTruncate = null;
    expect((await s.append(recBody())).seq).toBe(2);
    await s.close();
    expect(verifyLog(file(dir))).toMatchObject({ ok: true, count: 2 });
  });

  it('opens read-only when the file cannot be opened for writing, and writes once it can', async () => {
    const dir = tempDir();
    const s1 = await open(dir);
    await s1.append(recBody());
    await s1.close();
    // Running as root, chmod does not stop writes, so the refusal comes from the injected layer.
    const disk = new FaultyDisk();
    disk.failOpen = 'EROFS';
    const s = await open(dir, disk);
    expect(s.report.warnings.join('\n')).toMatch(/cannot open for writing \(EROFS\)/);
    expect(s.head().count).toBe(1);
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    disk.failOpen = null;
    expect((await s.append(recBody())).seq).toBe(2);
  });
});

// Root ignores file modes, so this only runs as an ordinary user; the injected layer above covers root.
describe.skipIf(process.getuid?.() === 0)('a real read-only file (chmod 444)', () => {
  it('refuses appends with unavailable, then continues once writable again', async () => {
    const dir = tempDir();
    const s1 = await open(dir);
    const first = await s1.append(recBody());
    await s1.close();
    chmodSync(file(dir), 0o444);
    const s = await open(dir);
    expect(s.report.warnings.join('\n')).toMatch(/cannot open for writing \(EACCES\)/);
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    chmodSync(file(dir), 0o644);
    expect(await s.append(recBody())).toMatchObject({ seq: 2, prev: first.hash });
  });
});

describe('a torn last line', () => {
  /** n entries, the last one as a crash mid-batch leaves it: on disk, but the durable head not yet updated. */
  async function logWith(n: number): Promise<string> {
    const dir = tempDir();
    const s = await openJsonlStore(dir);
    for (let i = 0; i < n - 1; i++) await s.append(recBody());
    const headBefore = readFileSync(join(dir, HEAD_FILE));
    await s.append(recBody());
    await s.close();
    writeFileSync(join(dir, HEAD_FILE), headBefore);
    return dir;
  }

  it('is cut on open and reported, and the log continues', async () => {
    const dir = await logWith(3);
    const whole = readFileSync(file(dir));
    truncateSync(file(dir), whole.length - 40); // crash in the middle of line 3
    const s = await open(dir);
    expect(s.report.cut).toEqual({ line: 3, bytes: whole.length - 40 - whole.indexOf('\n', whole.indexOf('\n') + 1) - 1 });
    expect(s.report.warnings.join('\n')).toMatch(/line 3 is incomplete/);
    expect(s.head().count).toBe(2);
    const e = await s.append(recBody());
    expect(e.seq).toBe(3);
    await s.close();
    expect(verifyLog(file(dir))).toMatchObject({ ok: true, count: 3 });
  });

  it('is cut when it is only zero bytes (a crash after the size grew)', async () => {
    const dir = await logWith(2);
    appendFileSync(file(dir), Buffer.alloc(300));
    const s = await open(dir);
    expect(s.report.cut?.line).toBe(3);
    expect(s.head().count).toBe(2);
  });

  it('a complete but unterminated last line is cut too: it was never acknowledged', async () => {
    const dir = await logWith(2);
    const text = readFileSync(file(dir), 'utf8');
    writeFileSync(file(dir), text.slice(0, -1));
    const s = await open(dir);
    expect(s.head().count).toBe(1);
    expect(s.report.cut?.line).toBe(2);
  });

  it('but a bad line in the middle refuses the open, naming the line', async () => {
    const dir = await logWith(3);
    const lines = readFileSync(file(dir), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('Guest', 'Ghost');
    writeFileSync(file(dir), lines.join('\n'));
    await expect(openJsonlStore(dir)).rejects.toThrow(/line 2 \(seq 2\) does not match its hash.*refusing to open/);
  });
});
