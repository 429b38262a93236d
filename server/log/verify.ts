/**
 * `verifyLog(path)`: streams a log file and checks every line's hash and link, naming the
 * first bad entry and why (altered, deleted, reordered, duplicate, truncated). Against a
 * checkpoint it also proves the log only grew since: entry `count` still has that hash.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { ChainChecker, type ChainProblem } from './chain-check.ts';
import type { Checkpoint } from './checkpoint.ts';
import { GENESIS } from './hash-chain.ts';
import { findSeqAfter, readLines } from './read-lines.ts';
import { CheckpointWatch, rewriteProblem } from './checkpoint-watch.ts';

export interface VerifyResult {
  ok: boolean;
  /** Entries that verified (all of them when ok). */
  count: number;
  /** Hash of the last good entry. */
  head: string;
  /** Time of the last good entry, null when none. */
  lastAt: string | null;
  problem?: ChainProblem;
}

export interface VerifyOptions {
  checkpoint?: Checkpoint;
  /** Called every `progressEvery` entries with the count so far. */
  onProgress?: (count: number, bytesRead: number, bytesTotal: number) => void;
  progressEvery?: number;
  /** More trusted checkpoints (e.g. a witness directory): a rewrite is located between them. */
  checkpoints?: Checkpoint[];
}

export function verifyLog(path: string, opts: VerifyOptions = {}): VerifyResult {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const checker = new ChainChecker((seq) => findSeqAfter(fd, size, seq));
    const every = opts.progressEvery ?? 100_000;
    let lastAt: string | null = null;
    let problem: ChainProblem | undefined;
    let lastLine = 0;
    let lastOffset = 0;
    const trusted = [...(opts.checkpoints ?? []), ...(opts.checkpoint ? [opts.checkpoint] : [])];
    const watch = trusted.length ? new CheckpointWatch(trusted) : undefined;
    for (const raw of readLines(fd, size)) {
      lastLine = raw.lineNo;
      lastOffset = raw.offset + (raw.end - raw.start) + 1;
      const r = checker.check(raw);
      if (r.problem) {
        problem = r.problem;
        break;
      }
      lastAt = r.entry.at;
      watch?.add(r.entry.hash);
      if (opts.onProgress && checker.count % every === 0) opts.onProgress(checker.count, raw.offset, size);
    }
    if (!problem && watch) problem = rewriteProblem(watch);
    problem ??= opts.checkpoint ? againstCheckpoint(checker, opts.checkpoint, lastLine, lastOffset) : undefined;
    return { ok: problem === undefined, count: checker.count, head: checker.head, lastAt, ...(problem ? { problem } : {}) };
  } finally {
    closeSync(fd);
  }
}

function againstCheckpoint(checker: ChainChecker, cp: Checkpoint, lastLine: number, end: number): ChainProblem | undefined {
  const when = cp.at ? ` of ${cp.at}` : '';
  if (checker.count < cp.count) {
    const missing = cp.count - checker.count === 1 ? `seq ${cp.count} is` : `seq ${checker.count + 1}–${cp.count} are`;
    return {
      kind: 'truncated',
      line: lastLine + 1,
      seq: checker.count + 1,
      offset: end,
      message: `the log has ${checker.count} entries but the checkpoint${when} had ${cp.count}: ${missing} gone (truncated)`,
    };
  }
  const hash = cp.count === 0 ? GENESIS : checker.hashAt(cp.count);
  if (hash !== cp.hash) {
    return {
      kind: 'altered',
      line: cp.count,
      seq: cp.count,
      offset: 0,
      message: `line ${cp.count} (seq ${cp.count}) has hash ${String(hash).slice(0, 12)}… but the checkpoint${when} says ${cp.hash.slice(0, 12)}…: the log was rewritten since the checkpoint`,
    };
  }
  return undefined;
}
