/**
 * `verifyLog(path)`: streams a log file and checks every line's hash and link, naming the
 * first bad entry and why (altered, deleted, reordered, duplicate, truncated). Against a
 * checkpoint it also proves the log only grew since: entry `count` still has that hash.
 * Against the durable head (durable-head.ts) it proves no acknowledged entry is missing; an
 * incomplete tail past the head is the last batch, never acknowledged, and only noted.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { ChainChecker, type ChainProblem } from './chain-check.ts';
import type { Checkpoint } from './checkpoint.ts';
import { GENESIS } from './hash-chain.ts';
import { findSeqAfter, readLines } from './read-lines.ts';
import { checkAgainstHead, type DurableHead } from './durable-head.ts';
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
  /** An incomplete last line past the durable head: a batch that was never acknowledged. */
  tail?: ChainProblem;
}

export interface VerifyOptions {
  checkpoint?: Checkpoint;
  /** Called every `progressEvery` entries with the count so far. */
  onProgress?: (count: number, bytesRead: number, bytesTotal: number) => void;
  progressEvery?: number;
  /** More trusted checkpoints (e.g. a witness directory): a rewrite is located between them. */
  checkpoints?: Checkpoint[];
  /** The durable head to hold the log to, and its file (for messages). */
  head?: { head: DurableHead; path: string };
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
    const headCount = opts.head?.head.count ?? -1;
    let bytesAtHead = headCount === 0 ? 0 : undefined;
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
      if (checker.count === headCount) bytesAtHead = lastOffset;
      lastAt = r.entry.at;
      watch?.add(r.entry.hash);
      if (opts.onProgress && checker.count % every === 0) opts.onProgress(checker.count, raw.offset, size);
    }
    let tail: ChainProblem | undefined;
    // A bad line (altered, deleted…) is named as itself; the head speaks to what is missing.
    if (opts.head && (problem === undefined || problem.kind === 'truncated')) {
      const { head, path: headPath } = opts.head;
      const lost = checkAgainstHead(
        head,
        {
          count: checker.count,
          hashAt: (seq) => (seq === 0 ? GENESIS : checker.hashAt(seq)),
          bytesAt: (seq) => (seq === headCount ? bytesAtHead : undefined),
          ...(problem ? { stop: { line: problem.line, offset: problem.offset, message: problem.message } } : {}),
          size,
        },
        path,
        headPath,
      );
      if (lost) {
        const at = problem ?? { line: lastLine + 1, offset: size };
        problem = { kind: 'truncated', line: at.line, offset: at.offset, seq: checker.count + 1, message: lost };
      } else if (problem?.kind === 'truncated') {
        // Past every acknowledged entry: the torn tail of the last batch, cut at the next start.
        tail = problem;
        problem = undefined;
      }
    }
    if (!problem && watch) problem = rewriteProblem(watch);
    problem ??= opts.checkpoint ? againstCheckpoint(checker, opts.checkpoint, lastLine, lastOffset) : undefined;
    return { ok: problem === undefined, count: checker.count, head: checker.head, lastAt, ...(problem ? { problem } : {}), ...(tail ? { tail } : {}) };
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
