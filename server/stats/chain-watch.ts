/**
 * Chain status for the console, computed from what is on disk, never from the store's
 * memory: a byte changed in the file shows here even though the store still holds the old
 * entry in its index.
 *
 * Incremental: each check reads only the bytes appended since the last one (checking each
 * new line's hash and link), then re-verifies one stretch of older entries against the
 * hashes remembered at marks every MARK_EVERY entries, moving on each time, so the whole
 * file is re-read over a cycle at a bounded cost per check (a log smaller than a stretch
 * is re-read in full every time). The durable head beside the log (read first: it never
 * runs ahead of the complete lines in the file) must be covered, so acknowledged entries
 * cut from the end show too. A timer keeps checking between requests. The first
 * problem is kept and named; `read_at` says when the disk was last read. Nothing here runs
 * on the append path. `makegood log verify` remains the full check in one go.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { ChainStatus } from '../contract/events.ts';
import { ChainChecker } from '../log/chain-check.ts';
import { makeCheckpoint } from '../log/checkpoint.ts';
import { GENESIS } from '../log/hash-chain.ts';
import { findSeqAfter, readLines, type RawLine } from '../log/read-lines.ts';
import { HEAD_FILE, checkAgainstHead, readHeadFile } from '../log/durable-head.ts';
import { dirname, join } from 'node:path';

/** Remember the hash and offset of every this-many entries. */
const MARK_EVERY = 1000;
/** Re-verify at most this many bytes of older entries per check. */
const REVERIFY_BYTES = 4 << 20;
/**
 * Read at most this many new bytes per check, so a first read of a big log (757 MB at 1M
 * entries) never blocks the server: it catches up over many short background steps,
 * and the status says how far it got meanwhile.
 */
const READ_BYTES = 8 << 20;
/** Pause between catch-up steps while behind the end of the file. */
const CATCH_UP_MS = 20;

interface Mark {
  seq: number;
  hash: string;
  /** Byte offset where entry seq + 1 starts. */
  offset: number;
}

export interface ChainWatchOptions {
  /** The log file; null when the store has none (then the status says so). */
  path: string | null;
  now?: () => Date;
  /** Check the disk this often in the background (ms); 0 = only when asked. */
  intervalMs?: number;
  /** For tests: entries between marks. */
  markEvery?: number;
  /** For tests: new bytes read per check. */
  readBytes?: number;
}

export class ChainWatch {
  private count = 0;
  private hash = GENESIS;
  private offset = 0;
  private lastAt: string | null = null;
  private problem: string | undefined;
  private readAt: string | null = null;
  private readonly marks: Mark[] = [{ seq: 0, hash: GENESIS, offset: 0 }];
  /** The next mark to re-verify from. */
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** True while the last read stopped before the end of the file (catching up). */
  private behind = false;
  private readonly now: () => Date;
  private readonly markEvery: number;

  constructor(private readonly opts: ChainWatchOptions) {
    this.now = opts.now ?? (() => new Date());
    this.markEvery = opts.markEvery ?? MARK_EVERY;
  }

  /** Starts the background checks (unref'd: they never keep the process alive). */
  start(): void {
    const every = this.opts.intervalMs ?? 0;
    if (every <= 0 || this.running) return;
    this.running = true;
    const tick = () => {
      this.check();
      if (!this.running) return;
      this.timer = setTimeout(tick, this.behind ? CATCH_UP_MS : every);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, CATCH_UP_MS);
    this.timer.unref();
  }

  close(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads the disk (new bytes, then one stretch of older ones) and returns the status. */
  check(): ChainStatus {
    if (!this.problem && this.opts.path) {
      try {
        this.readDisk(this.opts.path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        this.problem = code === 'ENOENT' ? `the log file ${this.opts.path} is gone` : `cannot read the log file ${this.opts.path} (${code ?? String(err)})`;
      }
      this.readAt = this.now().toISOString();
    }
    return this.status();
  }

  status(): ChainStatus {
    const problem = this.problem ?? (this.opts.path ? undefined : 'the log store has no file to read');
    return {
      ok: problem === undefined,
      verified_count: this.count,
      verified_at: this.lastAt,
      head_hash: this.hash,
      read_at: this.readAt,
      ...(problem ? { problem } : {}),
      checkpoint: makeCheckpoint({ count: this.count, hash: this.hash }, this.now()),
    };
  }

  private readDisk(path: string): void {
    const headPath = join(dirname(path), HEAD_FILE);
    const durable = readHeadFile(headPath);
    if (durable.kind === 'damaged') {
      this.problem = `the durable head is damaged: ${durable.message}`;
      return;
    }
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        this.problem = this.cutMessage(fd, size);
        return;
      }
      this.readNew(fd, size);
      // Still catching up: the head and older stretches wait until the end was reached.
      if (this.behind) return;
      if (!this.problem && durable.kind === 'ok' && durable.head.count >= this.count) {
        const lost = checkAgainstHead(
          durable.head,
          {
            count: this.count,
            hashAt: (seq) => (seq === this.count ? this.hash : undefined),
            bytesAt: (seq) => (seq === this.count ? this.offset : undefined),
            size,
          },
          path,
          headPath,
        );
        if (lost) this.problem = lost;
      }
      if (!this.problem) this.reverify(fd, size);
    } finally {
      closeSync(fd);
    }
  }

  /** Checks the complete lines appended since the last read; an incomplete last line is a write in progress. */
  private readNew(fd: number, size: number): void {
    this.behind = false;
    if (size === this.offset) return;
    const stopAt = this.offset + (this.opts.readBytes ?? READ_BYTES);
    const checker = new ChainChecker((seq) => findSeqAfter(fd, size, seq));
    checker.resume(this.count, this.hash, () => '');
    for (const raw of readLines(fd, size, this.offset, this.count + 1)) {
      if (!raw.terminated) break;
      const r = checker.check(settled(raw));
      if (r.problem) {
        this.problem = `${r.problem.message} (on disk at byte ${r.problem.offset})`;
        return;
      }
      this.count = r.entry.seq;
      this.hash = r.entry.hash;
      this.lastAt = r.entry.at;
      this.offset = raw.offset + (raw.end - raw.start) + 1;
      if (this.count % this.markEvery === 0) this.marks.push({ seq: this.count, hash: this.hash, offset: this.offset });
      if (this.offset >= stopAt && this.offset < size) {
        this.behind = true;
        return;
      }
    }
  }

  /** Re-reads older stretches, mark to mark, up to REVERIFY_BYTES, continuing next time. */
  private reverify(fd: number, size: number): void {
    let budget = REVERIFY_BYTES;
    const stretches = this.marks.length; // the last stretch runs from the last mark to the head
    for (let n = 0; n < stretches && budget > 0; n++) {
      const i = this.cursor % stretches;
      this.cursor = (i + 1) % stretches;
      const from = this.marks[i]!;
      const to = this.marks[i + 1] ?? { seq: this.count, hash: this.hash, offset: this.offset };
      if (to.offset > size) {
        this.problem = this.cutMessage(fd, size);
        return;
      }
      const found = this.verifyStretch(fd, from, to);
      if (found) {
        this.problem = found;
        return;
      }
      budget -= to.offset - from.offset;
    }
  }

  /** Checks the entries after `from` up to `to` against the hash remembered for `to`; the problem, if any. */
  private verifyStretch(fd: number, from: Mark, to: Mark): string | undefined {
    if (to.seq === from.seq) return undefined;
    const checker = new ChainChecker((seq) => findSeqAfter(fd, to.offset, seq));
    checker.resume(from.seq, from.hash, () => '');
    for (const raw of readLines(fd, to.offset, from.offset, from.seq + 1)) {
      const r = checker.check(settled(raw));
      if (r.problem) return `${r.problem.message}: changed on disk after it was verified (at byte ${r.problem.offset})`;
      if (checker.count === to.seq) break;
    }
    if (checker.count !== to.seq || checker.head !== to.hash) {
      return `entries seq ${from.seq + 1}–${to.seq} on disk no longer end in the hash verified before (${to.hash.slice(0, 12)}…): the log was rewritten`;
    }
    return undefined;
  }

  /** The file is shorter than what was verified: names the first entry gone. */
  private cutMessage(fd: number, size: number): string {
    let mark = this.marks[0]!;
    for (const m of this.marks) if (m.offset <= size) mark = m;
    const checker = new ChainChecker();
    checker.resume(mark.seq, mark.hash, () => '');
    for (const raw of readLines(fd, size, mark.offset, mark.seq + 1)) {
      if (!raw.terminated || checker.check(settled(raw)).problem) break;
    }
    return `the log file is ${size} bytes but ${this.offset} bytes were verified: entry seq ${checker.count + 1} and every later one up to seq ${this.count} are gone from disk (cut at byte ${size})`;
  }
}

/** Lines here are never a torn tail: the watch reads only what was complete before. */
const settled = (raw: RawLine): RawLine => (raw.last ? { ...raw, last: false } : raw);
