/**
 * The recovery log behind a small interface. The embedded default is a JSON-lines
 * file with group commit (jsonl-store.ts); a PostgreSQL store will implement the same.
 */
import type { ChainFields, EntryBody, EntryType, LogEntry, Outcome, Reaction } from '../contract/log-entry.ts';
import type { LogQuery, LogPage } from '../contract/events.ts';

export interface LogHead {
  count: number;
  /** Hash of the last entry ("0"×64 when empty). */
  hash: string;
}

export interface RecoveryLogStore {
  /**
   * Appends one entry. Resolves only once the entry is durable (written and fsynced);
   * concurrent appends share one write and one fsync. Rejects with a MakegoodError
   * code 'unavailable' when the disk refuses (full, read-only); nothing is then half-written.
   */
  append<B extends EntryBody>(body: B): Promise<B & ChainFields>;
  head(): LogHead;
  get(id: string): LogEntry | undefined;
  /** Entries related to an id: for a recommendation, its decisions and approvals. */
  related(id: string): LogEntry[];
  /** Newest first, filtered and paged on the server. */
  query(q: LogQuery): LogPage;
  /** Every entry in log order (for export, verify, stats). */
  all(): Iterable<LogEntry>;
  /** Recommendations logged with this request_id (normally 0 or 1), oldest first: for idempotent retries. */
  findByRequestId(requestId: string): LogEntry[];
  /** Entries matching the query's filters (offset/limit ignored), oldest first: for export. */
  select(q?: LogQuery): Iterable<LogEntry>;
  /**
   * Compact rows for the entries matching the filters (offset/limit ignored), oldest first,
   * straight from the store's index: no disk reads, no JSON parsing. For rebuilding in-memory
   * state at start (stats, pending approvals, customers) where all() would parse every entry.
   */
  rows(q?: LogQuery): Iterable<EntryRow>;
  close(): Promise<void>;
}

/** What opening a store found: printed by the server at start. */
export interface OpenReport {
  /** Entries in the log after opening. */
  count: number;
  /** Human-readable problems that were handled (a torn last line cut, a read-only disk). */
  warnings: string[];
  /** Set when a torn last line was found: its line number and how many bytes were cut. */
  cut?: { line: number; bytes: number };
  /** Time spent reading and checking the log. */
  ms: number;
  /** Entries whose index came from the saved index file (every line still hashed), not parsed. */
  fromIndexFile?: number;
}

/**
 * One entry as the index knows it. Recommendation-only fields show the state now (after all
 * later decisions and approvals); for other types they are 0 / false / 'none' / null.
 */
export interface EntryRow {
  seq: number;
  id: string;
  type: EntryType;
  /** Server time, ms since the epoch. */
  at: number;
  location: string | null;
  /** Actor name as logged. */
  staff: string | null;
  token_id: string | null;
  /** Rule id: "fallback" for a fallback recommendation; a decision or approval has its recommendation's. */
  rule: string | null;
  /** Recommended gesture; for a decision, the gesture it names. */
  gesture: string | null;
  /** For decisions, approvals and alert closures: the id they refer to. */
  ref: string | null;
  /** Value of the recommended gesture. */
  value: number;
  needs_approval: boolean;
  approval: 'none' | 'approved' | 'rejected';
  /** The latest decision's outcome. */
  outcome: Outcome | 'none';
  /** The latest reaction any decision recorded. */
  reaction: Reaction | null;
  /** The gesture finally given: the latest decision's gesture, else the recommended one. */
  final_gesture: string | null;
  customer_ref: string | null;
}
