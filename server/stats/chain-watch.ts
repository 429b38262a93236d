/**
 * Chain status for the console without rehashing the log per request. The store checks the
 * whole chain when it opens (and refuses a broken one), so the watch starts from that verified
 * head; after that every appended entry is checked once (its hash is the SHA-256 of its
 * canonical form, its `prev` the hash before it). The first problem stops the count there and
 * is kept. `makegood log verify` remains the full check of the bytes on disk.
 */
import type { ChainStatus } from '../contract/events.ts';
import type { LogEntry } from '../contract/log-entry.ts';
import { canonicalJson } from '../log/canonical-json.ts';
import { GENESIS, sha256Hex } from '../log/hash-chain.ts';
import { makeCheckpoint } from '../log/checkpoint.ts';

export class ChainWatch {
  private count = 0;
  private hash = GENESIS;
  private lastAt: string | null = null;
  private lastId: string | null = null;
  private problem: string | undefined;

  /** Starts from a head the store already verified (its last entry). */
  startFrom(head: LogEntry | undefined): void {
    if (!head || this.count !== 0) return;
    this.count = head.seq;
    this.hash = head.hash;
    this.lastAt = head.at;
    this.lastId = head.id;
  }

  /** Checks the next entry in log order. Returns false once the chain is broken. */
  add(entry: LogEntry): boolean {
    if (this.problem) return false;
    const { hash, ...rest } = entry;
    const seq = this.count + 1;
    if (entry.seq !== seq) this.problem = `entry ${seq}: expected seq ${seq}, found ${entry.seq} (deleted or reordered)`;
    else if (entry.prev !== this.hash) this.problem = `entry ${seq} (${entry.id}): does not link to entry ${seq - 1} (deleted, reordered or altered)`;
    else if (sha256Hex(canonicalJson(rest)) !== hash) this.problem = `entry ${seq} (${entry.id}): content does not match its hash (altered)`;
    if (this.problem) return false;
    this.count = seq;
    this.hash = hash;
    this.lastAt = entry.at;
    this.lastId = entry.id;
    return true;
  }

  /** The id of the last verified entry, to re-read from disk as a spot check. */
  get headId(): string | null {
    return this.lastId;
  }

  /** `diskProblem` is what a spot check of the head on disk found, if anything. */
  status(now: Date, diskProblem?: string): ChainStatus {
    const problem = this.problem ?? diskProblem;
    return {
      ok: problem === undefined,
      verified_count: this.count,
      verified_at: this.lastAt,
      head_hash: this.hash,
      ...(problem ? { problem } : {}),
      checkpoint: makeCheckpoint({ count: this.count, hash: this.hash }, now),
    };
  }
}
