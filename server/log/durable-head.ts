/**
 * The durable head: how far the log was acknowledged, kept outside the log file so a log
 * that lost acknowledged entries (cut short, restored from an old copy, written past its
 * end) is caught on open and by `makegood log verify` instead of being served shortened.
 *
 * <dir>/recovery-log.head, 1,024 bytes: two 512-byte slots, each one JSON text line
 * { v, gen, count, hash, bytes, at, sum } padded with spaces. Every batch rewrites the
 * older slot in place after the log's fsync and fdatasyncs it (no size change, so no
 * metadata commit) before anything is acknowledged. A crash mid-write leaves the other
 * slot, one batch older, and that batch was never acknowledged. `sum` is a checksum of
 * the rest of the record, so a torn slot is ignored, never misread.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { LogFile } from './file-ops.ts';

export const HEAD_FILE = 'recovery-log.head';
const SLOT = 512;
export const HEAD_BYTES = 2 * SLOT;

export interface DurableHead {
  /** Entries acknowledged. */
  count: number;
  /** Hash of entry `count` ("0"×64 when none). */
  hash: string;
  /** Bytes of the log those entries fill (where entry count + 1 starts). */
  bytes: number;
  /** When this head was written (ISO). */
  at: string;
}

interface HeadRecord extends DurableHead {
  v: 1;
  gen: number;
  sum: string;
}

const sumOf = (r: Omit<HeadRecord, 'sum'>) =>
  createHash('sha256').update(`${r.v}|${r.gen}|${r.count}|${r.hash}|${r.bytes}|${r.at}`).digest('hex').slice(0, 16);

/** The 512 bytes of one slot. */
export function encodeSlot(head: DurableHead, gen: number): Buffer {
  const rec: Omit<HeadRecord, 'sum'> = { v: 1, gen, count: head.count, hash: head.hash, bytes: head.bytes, at: head.at };
  const line = JSON.stringify({ ...rec, sum: sumOf(rec) });
  const buf = Buffer.alloc(SLOT, 0x20);
  buf.write(line, 0, 'utf8');
  buf[SLOT - 1] = 0x0a;
  return buf;
}

function decodeSlot(buf: Buffer): HeadRecord | null {
  const text = buf.toString('utf8').trim();
  if (!text.startsWith('{')) return null;
  try {
    const r = JSON.parse(text) as HeadRecord;
    const ok =
      r.v === 1 &&
      Number.isSafeInteger(r.gen) &&
      Number.isSafeInteger(r.count) &&
      r.count >= 0 &&
      typeof r.hash === 'string' &&
      /^[0-9a-f]{64}$/.test(r.hash) &&
      Number.isSafeInteger(r.bytes) &&
      r.bytes >= 0 &&
      typeof r.at === 'string' &&
      r.sum === sumOf(r);
    return ok ? r : null;
  } catch {
    return null;
  }
}

export type ReadHead =
  | { kind: 'none' }
  | { kind: 'ok'; head: DurableHead; gen: number }
  /** The file is there but no slot holds a valid record. */
  | { kind: 'damaged'; message: string };

/** Decodes a head file's bytes: the valid slot with the higher generation wins. */
export function decodeHead(buf: Buffer, where: string): ReadHead {
  if (buf.length === 0) return { kind: 'none' };
  const slots = [buf.subarray(0, SLOT), buf.subarray(SLOT, HEAD_BYTES)].map(decodeSlot).filter((r): r is HeadRecord => r !== null);
  if (slots.length === 0) return { kind: 'damaged', message: `${where}: no valid head record (${buf.length} bytes, both slots unreadable)` };
  const best = slots.reduce((a, b) => (b.gen > a.gen ? b : a));
  return { kind: 'ok', head: { count: best.count, hash: best.hash, bytes: best.bytes, at: best.at }, gen: best.gen };
}

export function readHeadFile(path: string): ReadHead {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'damaged', message: `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  return decodeHead(buf, path);
}

/** Reads the head through an open file (the store's own handle). */
export function readHeadFrom(file: LogFile, where: string): ReadHead {
  const size = Math.min(file.size(), HEAD_BYTES);
  const buf = Buffer.alloc(size);
  const got = size > 0 ? file.readSync(buf, 0, size, 0) : 0;
  return decodeHead(buf.subarray(0, got), where);
}

/** Writes a whole head file (both slots) and fsyncs it: for a log written in one go. */
export function writeHeadFile(path: string, head: DurableHead): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Buffer.concat([encodeSlot(head, 1), encodeSlot(head, 1)]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes heads into one open file, alternating slots; each write is fdatasync'd. */
export class HeadWriter {
  constructor(
    private readonly file: LogFile,
    private gen: number,
  ) {}

  /** Both slots at once (a new or damaged file): one write, one sync. */
  async reset(head: DurableHead): Promise<void> {
    this.gen++;
    const buf = Buffer.concat([encodeSlot(head, this.gen), encodeSlot(head, this.gen)]);
    await this.file.write(buf, 0);
    await this.file.truncate(HEAD_BYTES);
    await this.file.sync();
  }

  async write(head: DurableHead): Promise<void> {
    this.gen++;
    await this.file.write(encodeSlot(head, this.gen), (this.gen % 2) * SLOT);
    await (this.file.datasync ? this.file.datasync() : this.file.sync());
  }

  close(): void {
    this.file.close();
  }
}

/** What the log holds, as far as the reader got. */
export interface LogFound {
  /** Entries that verified, in order from the first. */
  count: number;
  /** Hash of entry seq (1 ≤ seq ≤ count). */
  hashAt(seq: number): string | undefined;
  /** Byte length of the first `seq` entries. */
  bytesAt(seq: number): number | undefined;
  /** Where reading stopped early (an incomplete or bad line), if it did. */
  stop?: { line: number; offset: number; message: string };
  /** File size in bytes. */
  size: number;
}

/**
 * Compares a log with its durable head. Returns what is missing or different, naming
 * the files, the line and byte where the log stops and the entries that are gone;
 * undefined when every acknowledged entry is there as acknowledged.
 */
export function checkAgainstHead(head: DurableHead, found: LogFound, logPath: string, headPath: string): string | undefined {
  const when = head.at ? ` (written ${head.at})` : '';
  if (found.count < head.count) {
    const missing = head.count - found.count === 1 ? `seq ${head.count} is` : `seq ${found.count + 1}–${head.count} (${head.count - found.count} entries) are`;
    const end = found.stop
      ? `the log stops being readable at line ${found.stop.line}, byte ${found.stop.offset} (${found.stop.message})`
      : `the log ends after line ${found.count} at byte ${found.size}, short of the ${head.bytes} bytes acknowledged`;
    return `${logPath}: ${end}; the durable head ${headPath}${when} says ${head.count} entries were acknowledged, so ${missing} missing. Acknowledged entries were lost: restore the log from a backup, or run "makegood log repair --accept-loss --reason …" to record the loss and continue`;
  }
  if (head.count === 0) return undefined;
  const hash = found.hashAt(head.count);
  if (hash !== head.hash) {
    return `${logPath}: entry seq ${head.count} (line ${head.count}) has hash ${String(hash).slice(0, 12)}… but the durable head ${headPath}${when} says ${head.hash.slice(0, 12)}…: the log was replaced or rewritten up to there`;
  }
  const bytes = found.bytesAt(head.count);
  if (bytes !== head.bytes) {
    return `${logPath}: the first ${head.count} entries fill ${bytes} bytes but the durable head ${headPath}${when} says ${head.bytes}: the log was rewritten`;
  }
  return undefined;
}
