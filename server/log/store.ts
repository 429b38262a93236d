/**
 * The recovery log behind a small interface. The embedded default is a JSON-lines
 * file with group commit (jsonl-store.ts); a PostgreSQL store will implement the same.
 */
import type { EntryBody, LogEntry } from '../contract/log-entry.ts';
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
  append(body: EntryBody): Promise<LogEntry>;
  head(): LogHead;
  get(id: string): LogEntry | undefined;
  /** Entries related to an id: for a recommendation, its decisions and approvals. */
  related(id: string): LogEntry[];
  /** Newest first, filtered and paged on the server. */
  query(q: LogQuery): LogPage;
  /** Every entry in log order (for export, verify, stats). */
  all(): Iterable<LogEntry>;
  close(): Promise<void>;
}
