/**
 * Reads a log file into its Merkle tree, checking the hash chain on the way (the same
 * checker as `log verify`), so a proof is only ever made from a log that verifies.
 * Also collects the lines of entries asked for (for inclusion proofs).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { ChainChecker, type ChainProblem } from './chain-check.ts';
import { entryLeafHash, MerkleTree } from './merkle.ts';
import { findSeqAfter, readLines } from './read-lines.ts';

export interface LogTree {
  tree: MerkleTree;
  /** Entries that verified (the tree's size). */
  count: number;
  /** Hash of entry `seq` (1-based), for `head` at any size. */
  hashAt(seq: number): string;
  /** The stored lines of the entries asked for, by seq. */
  lines: Map<number, string>;
  /** The first problem when the chain does not verify; the tree then stops before it. */
  problem?: ChainProblem;
}

export function readLogTree(path: string, wantLines: Iterable<number> = []): LogTree {
  const want = new Set(wantLines);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const checker = new ChainChecker((seq) => findSeqAfter(fd, size, seq));
    const tree = new MerkleTree();
    const lines = new Map<number, string>();
    let problem: ChainProblem | undefined;
    for (const raw of readLines(fd, size)) {
      const r = checker.check(raw);
      if (r.problem) {
        problem = r.problem;
        break;
      }
      tree.append(entryLeafHash(r.entry.hash));
      if (want.has(r.entry.seq)) lines.set(r.entry.seq, raw.buf.toString('utf8', raw.start, raw.end));
    }
    return {
      tree,
      count: checker.count,
      hashAt: (seq) => checker.hashAt(seq) ?? '0'.repeat(64),
      lines,
      ...(problem ? { problem } : {}),
    };
  } finally {
    closeSync(fd);
  }
}
