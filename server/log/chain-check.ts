/**
 * Checks a log line by line: each line's bytes against its hash, then seq, id and prev
 * against the entry before. Shared by the store (on open) and `makegood log verify`.
 * Pure apart from the look-ahead callback, which tells a deletion from a reordering.
 */
import type { LogEntry } from '../contract/log-entry.ts';
import { GENESIS, checkLineBytes, seqOfId } from './hash-chain.ts';
import type { RawLine } from './read-lines.ts';

export type ProblemKind = 'altered' | 'deleted' | 'reordered' | 'duplicate' | 'truncated' | 'malformed' | 'gap';

export interface ChainProblem {
  kind: ProblemKind;
  /** 1-based line number in the file. */
  line: number;
  /** The seq the bad line claims, when it could be read. */
  seq?: number;
  /** Byte offset of the bad line. */
  offset: number;
  message: string;
}

export type LineResult = { entry: LogEntry; problem?: undefined } | { entry?: undefined; problem: ChainProblem };

const ENTRY_TYPES = new Set(['recommendation', 'decision', 'approval', 'alert', 'alert_closed', 'loss', 'correction']);
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Finds the line number of a later line claiming `seq`, if any (for deleted vs reordered). */
export type FindLater = (seq: number) => number | undefined;

export class ChainChecker {
  count = 0;
  head = GENESIS;
  /** Hash of every entry seen, 32 bytes each (for duplicate detection and checkpoints). */
  private hashes = Buffer.alloc(32 * 1024);

  constructor(private readonly findLater: FindLater = () => undefined) {}

  /** Where the last accepted entry sits (unknown for entries checked before a resume). */
  private prevLine: { lineNo: number; offset: number } | undefined;

  /** Entries before this were checked earlier (a saved index); their hashes come from `earlier`. */
  private base = 0;
  private earlier: (seq: number) => string = () => '';

  /** Continues after `count` entries already checked, ending in `head`. */
  resume(count: number, head: string, earlier: (seq: number) => string): void {
    this.base = count;
    this.count = count;
    this.head = head;
    this.earlier = earlier;
  }

  hashAt(seq: number): string | undefined {
    if (seq < 1 || seq > this.count) return undefined;
    if (seq <= this.base) return this.earlier(seq);
    const at = (seq - this.base - 1) * 32;
    return this.hashes.toString('hex', at, at + 32);
  }

  check(raw: RawLine): LineResult {
    const at = { line: raw.lineNo, offset: raw.offset };
    const torn = (why: string): LineResult => ({
      problem: { kind: 'truncated', ...at, message: `line ${raw.lineNo} is incomplete (${why}): a torn write at the end of the log` },
    });
    if (!raw.terminated) return torn('no newline at the end');
    const bytes = raw.buf.subarray(raw.start, raw.end);
    if (raw.last && bytes.every((b) => b === 0)) return torn('only zero bytes');
    const zero = bytes.indexOf(0);
    if (zero !== -1) {
      // Zero bytes inside the log: the file was cut (or grew) and then written past its end.
      if (raw.last) return torn(`zero bytes from byte ${raw.offset + zero}`);
      return this.problem('gap', raw, undefined, `holds zero bytes from byte ${raw.offset + zero}: a gap, as when the file was cut and then written past its end`);
    }

    const { claimed, actual } = checkLineBytes(raw.buf, raw.start, raw.end);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.buf.toString('utf8', raw.start, raw.end));
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || claimed === null) {
      if (raw.last) return torn('not a complete entry');
      const seq = typeof parsed === 'object' && parsed ? (parsed as { seq?: unknown }).seq : undefined;
      return this.problem('malformed', raw, typeof seq === 'number' ? seq : undefined, 'is not a well-formed log entry (altered or damaged)');
    }
    const entry = parsed as LogEntry;
    const seq = typeof entry.seq === 'number' ? entry.seq : undefined;
    if (claimed !== actual || entry.hash !== claimed) {
      return this.problem('altered', raw, seq, 'does not match its hash: its content was altered');
    }
    const shape = shapeError(entry);
    if (shape) return this.problem('malformed', raw, seq, shape);

    const expected = this.count + 1;
    if (entry.seq > expected) {
      const later = this.findLater(expected);
      if (later !== undefined) {
        return this.problem('reordered', raw, entry.seq, `comes before seq ${expected} (found later at line ${later}): entries were reordered`);
      }
      const missing = entry.seq === expected + 1 ? `seq ${expected} is` : `seq ${expected}–${entry.seq - 1} are`;
      return this.problem('deleted', raw, entry.seq, `follows seq ${this.count}, so ${missing} missing: entries were deleted`);
    }
    if (entry.seq < expected) {
      if (this.hashAt(entry.seq) === entry.hash) {
        return this.problem('duplicate', raw, entry.seq, `repeats seq ${entry.seq}: a duplicated entry`);
      }
      return this.problem('reordered', raw, entry.seq, `comes after seq ${this.count}: entries were reordered or replaced`);
    }
    if (entry.prev !== this.head) {
      // This line is intact (its hash holds) and records what the entry before it hashed to:
      // that entry is the one that changed (re-hashed after an edit), so name it, not this one.
      if (this.prevLine !== undefined && this.count > 0) {
        return {
          problem: {
            kind: 'altered',
            line: this.prevLine.lineNo,
            seq: this.count,
            offset: this.prevLine.offset,
            message: `line ${this.prevLine.lineNo} (seq ${this.count}) was replaced: it hashes to ${this.head.slice(0, 12)}… but the next entry (line ${raw.lineNo}) recorded ${entry.prev.slice(0, 12)}… for it — its content was rewritten and re-hashed (it does not link to the entry after it)`,
          },
        };
      }
      return this.problem('altered', raw, entry.seq, `does not link to the entry before it (prev ${entry.prev.slice(0, 12)}… ≠ ${this.head.slice(0, 12)}…): an earlier entry was replaced`);
    }
    this.prevLine = { lineNo: raw.lineNo, offset: raw.offset };
    this.accept(entry.hash);
    return { entry };
  }

  private accept(hash: string): void {
    const at = (this.count - this.base) * 32;
    if (this.hashes.length < at + 32) {
      const bigger = Buffer.alloc(this.hashes.length * 2);
      this.hashes.copy(bigger);
      this.hashes = bigger;
    }
    this.hashes.write(hash, at, 'hex');
    this.count++;
    this.head = hash;
  }

  private problem(kind: ProblemKind, raw: RawLine, seq: number | undefined, what: string): LineResult {
    const who = seq === undefined ? `line ${raw.lineNo}` : `line ${raw.lineNo} (seq ${seq})`;
    return { problem: { kind, line: raw.lineNo, offset: raw.offset, ...(seq === undefined ? {} : { seq }), message: `${who} ${what}` } };
  }
}

function shapeError(e: LogEntry): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'is not an object';
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) return 'has no valid seq';
  if (typeof e.id !== 'string' || seqOfId(e.id) !== e.seq) return `has an id (${String(e.id)}) that does not match its seq`;
  if (typeof e.at !== 'string' || !ISO_RE.test(e.at)) return 'has no valid time';
  if (typeof e.prev !== 'string' || !/^[0-9a-f]{64}$/.test(e.prev)) return 'has no valid prev hash';
  if (!ENTRY_TYPES.has(e.type)) return `has an unknown type (${String(e.type)})`;
  return undefined;
}
