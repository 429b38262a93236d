/**
 * Reads a log file into its Merkle tree, checking the hash chain on the way (the same
 * checker as `log verify`), so a proof is only ever made from a log that verifies.
 * Also collects the lines of entries asked for (for inclusion proofs).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { ChainChecker, type ChainProblem } from './chain-check.ts';
import { entryLeafHash, MerkleTree } from './merkle.ts';
import { findSeqAfter, readLines } from './read-lines.ts';
import { checkLineBytes } from './hash-chain.ts';

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

/**
 * The tree of the first `count` lines of a log the store has already verified at open:
 * each line's bytes are hashed again (a line changed on disk since is refused), but not
 * parsed, so a server can build it in about the time it takes to read the file.
 */
export function readLeafTree(path: string, count: number): MerkleTree {
  const fd = openSync(path, 'r');
  try {
    const tree = new MerkleTree();
    if (count === 0) return tree;
    for (const raw of readLines(fd, fstatSync(fd).size)) {
      const { claimed, actual } = checkLineBytes(raw.buf, raw.start, raw.end);
      if (actual === null || claimed !== actual) throw new Error(`${path}: line ${raw.lineNo} does not match its hash (changed on disk since the server opened it; run "makegood log verify")`);
      tree.append(entryLeafHash(actual));
      if (tree.size === count) return tree;
    }
    throw new Error(`${path}: has ${tree.size} entries, fewer than the ${count} the server opened (run "makegood log verify")`);
  } finally {
    closeSync(fd);
  }
}
