/**
 * Writes a whole chain of entries to a new log file in one go (one fsync at the end).
 * For seeding benchmarks and imports, never for a live log: the store appends.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { EntryBody } from '../contract/log-entry.ts';
import { GENESIS, chainNext } from './hash-chain.ts';
import { LogIndex } from './log-index.ts';
import { INDEX_FILE, encodeSnapshot, writeSnapshotFile } from './index-snapshot.ts';
import { dirname, join } from 'node:path';
import { HEAD_FILE, writeHeadFile } from './durable-head.ts';

/**
 * Writes `count` entries made by `body(i)` (0-based) with times from `at(i)`, the durable
 * head and the index file beside them so the first start is fast too; returns the head.
 */
export async function writeChain(
  path: string,
  count: number,
  body: (i: number) => EntryBody,
  at: (i: number) => string = () => new Date().toISOString(),
): Promise<{ count: number; hash: string }> {
  const fd = openSync(path, 'wx');
  const index = new LogIndex();
  let bytes = 0;
  let head = { count: 0, hash: GENESIS };
  try {
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) writeSync(fd, chunk.join(''));
      chunk = [];
    };
    for (let i = 0; i < count; i++) {
      const { entry, line } = chainNext(body(i), head, at(i));
      head = { count: entry.seq, hash: entry.hash };
      const len = Buffer.byteLength(line);
      index.add(entry, bytes, len);
      bytes += len + 1;
      chunk.push(`${line}\n`);
      if (chunk.length >= 5000) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  writeHeadFile(join(dirname(path), HEAD_FILE), { ...head, bytes, at: new Date().toISOString() });
  await writeSnapshotFile(join(dirname(path), INDEX_FILE), encodeSnapshot(index, bytes, head.hash));
  return head;
}
