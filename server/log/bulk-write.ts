/**
 * Writes a whole chain of entries to a new log file in one go (one fsync at the end).
 * For seeding benchmarks and imports, never for a live log: the store appends.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { EntryBody } from '../contract/log-entry.ts';
import { GENESIS, chainNext } from './hash-chain.ts';

/** Writes `count` entries made by `body(i)` (0-based) with times from `at(i)`; returns the head. */
export function writeChain(
  path: string,
  count: number,
  body: (i: number) => EntryBody,
  at: (i: number) => string = () => new Date().toISOString(),
): { count: number; hash: string } {
  const fd = openSync(path, 'wx');
  try {
    let head = { count: 0, hash: GENESIS };
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) writeSync(fd, chunk.join(''));
      chunk = [];
    };
    for (let i = 0; i < count; i++) {
      const { entry, line } = chainNext(body(i), head, at(i));
      head = { count: entry.seq, hash: entry.hash };
      chunk.push(`${line}\n`);
      if (chunk.length >= 5000) flush();
    }
    flush();
    fsyncSync(fd);
    return head;
  } finally {
    closeSync(fd);
  }
}
