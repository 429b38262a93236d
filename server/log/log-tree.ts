/**
 * Reads a log file into its Merkle tree, checking the hash chain on the way (the same
 * checker as `log verify`), so a proof is only ever made from a log that verifies.
 * Also collects the lines of entries asked for (for inclusion proofs).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
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
 * The tree of a log the store has already verified at open, read asynchronously in chunks so
 * a server can build it in the background without stalling requests. Each line's bytes are
 * hashed again (a line changed on disk since is refused) but not parsed. It reads until the
 * tree holds `target()` entries, a target that grows with the log (every line up to it is
 * durable and complete); the caller adds the appends announced meanwhile (by seq).
 */
export async function buildLeafTree(path: string, target: () => number, chunkBytes = 1 << 20): Promise<MerkleTree> {
  const tree = new MerkleTree();
  const file = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let filled = 0;
    let pos = 0;
    let lineNo = 0;
    while (tree.size < target()) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await file.read(buf, filled, buf.length - filled, pos);
      if (bytesRead === 0) throw new Error(`${path}: has ${tree.size} entries, fewer than the ${target()} the server acknowledged`);
      pos += bytesRead;
      filled += bytesRead;
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl !== -1 && nl < filled && tree.size < target(); nl = buf.indexOf(0x0a, start)) {
        lineNo++;
        const { claimed, actual } = checkLineBytes(buf, start, nl);
        if (actual === null || claimed !== actual) throw new Error(`${path}: line ${lineNo} does not match its hash (changed on disk since the server opened it; run "makegood log verify")`);
        tree.append(entryLeafHash(actual));
        start = nl + 1;
      }
      buf.copy(buf, 0, start, filled);
      filled -= start;
    }
    return tree;
  } finally {
    await file.close();
  }
}
