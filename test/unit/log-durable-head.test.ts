import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { HEAD_BYTES, HEAD_FILE, checkAgainstHead, decodeHead, encodeSlot, readHeadFile, type DurableHead } from '../../server/log/durable-head.ts';
import { verifyLog } from '../../server/log/verify.ts';
import { FaultyDisk } from './log-faulty-disk.ts';
import { recBody } from './log-fixtures.ts';

const dirs: string[] = [];
const stores: JsonlStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-head-'));
  dirs.push(d);
  return d;
}
async function open(dir: string, disk?: FaultyDisk): Promise<JsonlStore> {
  const s = await openJsonlStore(dir, disk ? { fileOps: disk } : {});
  stores.push(s);
  return s;
}
const H = (count: number, hash = 'a'.repeat(64), bytes = count * 100): DurableHead => ({ count, hash, bytes, at: '2026-12-01T10:00:00.000Z' });

describe('the head file', () => {
  it('keeps the newer of two valid slots, and the other when the newer one is torn', () => {
    const both = Buffer.concat([encodeSlot(H(4), 7), encodeSlot(H(5), 8)]);
    expect(decodeHead(both, 'h')).toMatchObject({ kind: 'ok', gen: 8, head: { count: 5 } });
    const torn = Buffer.from(both);
    torn.write('garbage', 512 + 20); // a crash in the middle of rewriting slot 2
    expect(decodeHead(torn, 'h')).toMatchObject({ kind: 'ok', gen: 7, head: { count: 4 } });
    const flipped = Buffer.from(both);
    flipped[600] = flipped[600]! ^ 1; // one bit: the checksum refuses the slot
    expect(decodeHead(flipped, 'h')).toMatchObject({ kind: 'ok', head: { count: 4 } });
  });

  it('says damaged when no slot is valid, and none when there is no file', () => {
    expect(decodeHead(Buffer.alloc(HEAD_BYTES, 0x41), 'x/recovery-log.head')).toMatchObject({ kind: 'damaged', message: expect.stringMatching(/^x\/recovery-log.head: no valid head record/) });
    expect(readHeadFile(join(tempDir(), HEAD_FILE))).toEqual({ kind: 'none' });
  });
});

describe('checkAgainstHead()', () => {
  const found = (count: number, hash = 'a'.repeat(64), extra = {}) => ({
    count,
    hashAt: (seq: number) => (seq === count ? hash : 'b'.repeat(64)),
    bytesAt: (seq: number) => seq * 100,
    size: count * 100,
    ...extra,
  });
  it('passes a log that holds every acknowledged entry (and maybe more)', () => {
    expect(checkAgainstHead(H(5), found(5), 'log', 'head')).toBeUndefined();
    expect(checkAgainstHead(H(5, 'b'.repeat(64)), found(7), 'log', 'head')).toBeUndefined();
  });
  it('names the entries missing, where the log ends and the head file', () => {
    expect(checkAgainstHead(H(21), found(9), 'log', 'head')).toMatch(/^log: the log ends after line 9 at byte 900, short of the 2100 bytes acknowledged; the durable head head .* says 21 entries were acknowledged, so seq 10–21 \(12 entries\) are missing/);
    expect(checkAgainstHead(H(10), found(9, undefined, { stop: { line: 10, offset: 900, message: 'line 10 is incomplete (no newline at the end)' } }), 'log', 'head')).toMatch(/stops being readable at line 10, byte 900 \(line 10 is incomplete.*seq 10 is missing/);
  });
  it('catches a log replaced up to the head', () => {
    expect(checkAgainstHead(H(5), found(5, 'c'.repeat(64)), 'log', 'head')).toMatch(/entry seq 5 \(line 5\) has hash cccccccccccc… but the durable head head .* says aaaaaaaaaaaa…/);
  });
});

describe('the store and its durable head', () => {
  it('costs one in-place fdatasync per batch, after the log fsync, whatever the batch size', async () => {
    const disk = new FaultyDisk();
    const s = await open(tempDir(), disk);
    const log0 = disk.syncs;
    const head0 = disk.headSyncs;
    for (let i = 0; i < 5; i++) await s.append(recBody());
    expect(disk.syncs - log0).toBe(5);
    expect(disk.headSyncs - head0).toBe(5);
    await Promise.all(Array.from({ length: 300 }, () => s.append(recBody())));
    const batches = disk.syncs - log0 - 5;
    expect(batches).toBeLessThan(300);
    expect(disk.headSyncs - head0 - 5).toBe(batches);
  });

  it('keeps the head at exactly what was acknowledged, and the file a fixed size', async () => {
    const dir = tempDir();
    const s = await open(dir);
    const last = await s.append(recBody());
    await s.append(recBody());
    const head = readHeadFile(join(dir, HEAD_FILE));
    expect(head).toMatchObject({ kind: 'ok', head: { count: 2, bytes: statSync(join(dir, LOG_FILE)).size } });
    expect(statSync(join(dir, HEAD_FILE)).size).toBe(HEAD_BYTES);
    expect(last.seq).toBe(1);
  });

  it('acknowledges nothing the head could not record: the batch is cut from the log and rejected', async () => {
    const dir = tempDir();
    const disk = new FaultyDisk();
    const s = await open(dir, disk);
    await s.append(recBody());
    const size = statSync(join(dir, LOG_FILE)).size;
    disk.failHeadWrite = 'EIO';
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('EIO') });
    expect(statSync(join(dir, LOG_FILE)).size).toBe(size);
    disk.failHeadWrite = null;
    expect(await s.append(recBody())).toMatchObject({ seq: 2 });
    await s.close();
    stores.length = 0;
    const again = await open(dir);
    expect(again.head().count).toBe(2);
  });

  it('refuses to open a log shorter than its head, naming what is missing', async () => {
    const dir = tempDir();
    const s = await open(dir);
    for (let i = 0; i < 4; i++) await s.append(recBody());
    await s.close();
    stores.length = 0;
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    writeFileSync(join(dir, LOG_FILE), text.slice(0, text.indexOf('\n') + 1));
    await expect(openJsonlStore(dir)).rejects.toThrow(/ends after line 1 .* says 4 entries were acknowledged, so seq 2–4 \(3 entries\) are missing/);
    await expect(openJsonlStore(dir, { readOnly: true })).rejects.toThrow(/seq 2–4/);
    expect(verifyLog(join(dir, LOG_FILE), { head: { head: (readHeadFile(join(dir, HEAD_FILE)) as { head: DurableHead }).head, path: 'h' } })).toMatchObject({ ok: false, problem: { kind: 'truncated', seq: 2 } });
  });

  it('stops writing when the file is cut or grown under it, and says so', async () => {
    const dir = tempDir();
    const s = await open(dir);
    await s.append(recBody());
    await s.append(recBody());
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    writeFileSync(join(dir, LOG_FILE), text.slice(0, text.indexOf('\n') + 1));
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/was cut to \d+ bytes while the server was running/) });
    writeFileSync(join(dir, LOG_FILE), text); // put back: still refused, the store stays stopped
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
    const other = tempDir();
    const t = await open(other);
    await t.append(recBody());
    writeFileSync(join(other, LOG_FILE), `${readFileSync(join(other, LOG_FILE), 'utf8')}{"x":1}\n`);
    await expect(t.append(recBody())).rejects.toMatchObject({ message: expect.stringMatching(/grown to \d+ bytes by another writer/) });
  });

  it('refuses a log whose head file is damaged (both slots unreadable)', async () => {
    const dir = tempDir();
    const s = await open(dir);
    await s.append(recBody());
    await s.close();
    stores.length = 0;
    writeFileSync(join(dir, HEAD_FILE), Buffer.alloc(HEAD_BYTES, 0x7a));
    await expect(openJsonlStore(dir)).rejects.toThrow(/its durable head is damaged .*no valid head record/);
  });

  it('creates a head for a log that has none, with a warning', async () => {
    const dir = tempDir();
    const s = await open(dir);
    await s.append(recBody());
    await s.close();
    stores.length = 0;
    rmSync(join(dir, HEAD_FILE));
    const again = await open(dir);
    expect(again.report.warnings.join('\n')).toMatch(/no durable head .* created one from the log as found \(1 entries\)/);
    expect(readHeadFile(join(dir, HEAD_FILE))).toMatchObject({ kind: 'ok', head: { count: 1 } });
  });
});
