/**
 * Locates a rewrite of history against trusted checkpoints while `log verify` streams the
 * log, in O(log n) memory: it keeps the Merkle frontier, and when the scan reaches a
 * checkpoint's count compares the head, the root and each perfect subtree.
 *
 * What it can say: the first altered entry lies in seq from..to, where from−1 is the largest
 * count at which a checkpoint (or a matching subtree of one) still agrees, and `to` the end of
 * the first subtree that differs. With a single checkpoint of count c that narrows to the
 * subtree of c's binary decomposition holding the change (half the log at worst); each extra
 * checkpoint (e.g. a witness directory, one every N entries) narrows it further, down to the
 * entry when both sides meet. What it cannot: tell which entries inside that range changed —
 * a rewrite that re-hashes everything after an edit leaves no other trace, and the checkpoints
 * do not hold per-entry hashes.
 */
import type { ChainProblem } from './chain-check.ts';
import type { Checkpoint } from './checkpoint.ts';
import { GENESIS } from './hash-chain.ts';
import { entryLeafHash, Frontier, subtreeSizes, toHex } from './merkle.ts';

export interface RewriteRange {
  /** First and last seq (1-based, inclusive) that may hold the first altered entry. */
  from: number;
  to: number;
  /** The earliest checkpoint that disagrees with the log. */
  checkpoint: Checkpoint;
  /** How many checkpoints were compared. */
  compared: number;
}

export class CheckpointWatch {
  private readonly frontier = new Frontier();
  private readonly sorted: Checkpoint[];
  private next = 0;
  private lowGood = 0;
  private highBad = Number.POSITIVE_INFINITY;
  private firstBad: Checkpoint | undefined;
  private compared = 0;

  constructor(checkpoints: readonly Checkpoint[]) {
    this.sorted = [...checkpoints].sort((a, b) => a.count - b.count);
    this.reach(GENESIS);
  }

  /** Feed every verified entry's hash, in order. */
  add(entryHash: string): void {
    this.frontier.append(entryLeafHash(entryHash));
    this.reach(entryHash);
  }

  /** The range holding the first altered entry, when some checkpoint disagrees with the log. */
  result(): RewriteRange | undefined {
    if (!this.firstBad) return undefined;
    const to = Math.min(this.highBad, this.firstBad.count);
    return { from: Math.min(this.lowGood + 1, to), to, checkpoint: this.firstBad, compared: this.compared };
  }

  private reach(head: string): void {
    while (this.next < this.sorted.length && this.sorted[this.next]!.count === this.frontier.size) {
      this.compare(this.sorted[this.next++]!, head);
    }
  }

  private compare(cp: Checkpoint, head: string): void {
    this.compared++;
    const subtrees = this.frontier.subtrees().map(toHex);
    const rootOk = !cp.signed || toHex(this.frontier.root()) === cp.signed.root;
    if (head === cp.hash && rootOk) {
      this.lowGood = Math.max(this.lowGood, cp.count);
      return;
    }
    this.firstBad ??= cp;
    const theirs = cp.signed?.subtrees ?? [];
    if (theirs.length === subtrees.length && theirs.length > 0) {
      let start = 0;
      const sizes = subtreeSizes(cp.count);
      for (let i = 0; i < sizes.length; i++) {
        if (theirs[i] !== subtrees[i]) {
          this.lowGood = Math.max(this.lowGood, start);
          this.highBad = Math.min(this.highBad, start + sizes[i]!);
          return;
        }
        start += sizes[i]!;
      }
    }
    this.highBad = Math.min(this.highBad, cp.count);
  }
}

/** "seq 1,025–1,536" or "seq 1,500". */
export function describeRange(r: { from: number; to: number }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return r.from === r.to ? `seq ${n(r.from)}` : `seq ${n(r.from)}–${n(r.to)}`;
}

/** The rewrite as a ChainProblem for `log verify`, or undefined when every checkpoint agrees. */
export function rewriteProblem(watch: CheckpointWatch): ChainProblem | undefined {
  const r = watch.result();
  if (!r) return undefined;
  const cp = r.checkpoint;
  const what = `the log was rewritten since the checkpoint${cp.at ? ` of ${cp.at}` : ''} (${cp.count.toLocaleString('en-US')} entries${cp.signed ? `, root ${cp.signed.root.slice(0, 12)}…` : ''})`;
  const where =
    r.from === r.to
      ? `the first altered entry is line ${r.from} (seq ${r.from})`
      : `the first altered entry is one of ${describeRange(r)} (lines ${r.from}–${r.to}); ${r.compared} checkpoint${r.compared === 1 ? '' : 's'} compared — more checkpoints (--checkpoints DIR) narrow it`;
  return { kind: 'altered', line: r.from, seq: r.from, offset: 0, message: `${what}: ${where}` };
}
