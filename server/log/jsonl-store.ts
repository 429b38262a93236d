/**
 * The embedded recovery log: one JSON line per entry in <dir>/recovery-log.jsonl.
 *
 * - append writes only the new lines at the durable end and fsyncs before resolving;
 *   concurrent appends share one write and one fsync (group-commit.ts), then the durable
 *   head (durable-head.ts: count, hash and length acknowledged) is rewritten in place and
 *   fdatasync'd, once per batch, before any of the batch is acknowledged.
 * - before each write the file's size must still be what we wrote: a log cut or grown by
 *   someone else while the server runs is never written past (appends fail, nothing lost).
 * - open reads the file once, checks every line's hash and link (chain-check.ts) and keeps
 *   a compact index (log-index.ts); entries are read back from disk on demand.
 * - a torn last line past the durable head (a crash mid-batch: never acknowledged) is
 *   reported and cut; a log missing acknowledged entries, or any other bad line, refuses
 *   the open, naming file, line and byte, so a loss is never silently repaired.
 * - when the disk refuses a write, the file is cut back to its last durable length and the
 *   append rejects with 'unavailable'; the next append continues the chain.
 */
import { dirname, join } from 'node:path';
import type { ChainFields, EntryBody, LogEntry, Outcome } from '../contract/log-entry.ts';
import type { LogPage, LogQuery } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { EntryRow, LogHead, OpenReport, RecoveryLogStore } from './store.ts';
import { chainNext, checkLineBytes } from './hash-chain.ts';
import { INDEX_FILE, encodeSnapshot, writeSnapshotFile } from './index-snapshot.ts';
import { scanLog, type ScanResult } from './scan-log.ts';
import { GroupCommit, type Settle } from './group-commit.ts';
import { nodeFileOps, type FileOps, type LogFile } from './file-ops.ts';
import { readLines } from './read-lines.ts';
import { HEAD_FILE, HeadWriter, readHeadFile, readHeadFrom, type DurableHead, type ReadHead } from './durable-head.ts';
import { TYPE_CODES, type LogIndex } from './log-index.ts';
import { planQuery, runQuery, scanQuery } from './query.ts';

export const LOG_FILE = 'recovery-log.jsonl';
/** Save the index file after this many new entries (and on close). */
const SAVE_INDEX_EVERY = 100_000;

export interface JsonlStoreOptions {
  /** File layer; tests inject one that fails or counts fsyncs. */
  fileOps?: FileOps;
  /** Server clock. */
  now?: () => Date;
  /** Never write: for the CLI reading a live server's log. A torn tail is ignored, not cut. */
  readOnly?: boolean;
}

const DISK_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EDQUOT', 'EFBIG', 'EBADF', 'ENXIO']);

function diskError(err: unknown, what: string): MakegoodError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why = code && DISK_CODES.has(code) ? code : err instanceof Error ? err.message : String(err);
  return new MakegoodError('unavailable', `recovery log: ${what} (${why}); nothing was saved`);
}

export class JsonlStore implements RecoveryLogStore {
  private head_ = { count: 0, hash: '' };
  /** Bytes known to be on stable storage: the file is never trusted past this. */
  private durable = 0;
  /** Set when a failed write may have left bytes past `durable` that we could not cut yet. */
  private dirtyTail = false;
  private closed = false;
  private readonly commit: GroupCommit<EntryBody, LogEntry>;
  /** index.count when the index file was last saved, and the save in flight. */
  private savedCount = -1;
  private saving: Promise<void> | null = null;
  private readonly retired: LogFile[] = [];
  /** Writes the durable head; null until the head file could be opened for writing. */
  private headWriter: HeadWriter | null = null;
  /** The head file's generation when it was read at open (for a writer opened later). */
  private headGen = 0;
  /** Set once the file on disk stopped being what we wrote: every later append fails with it. */
  private broken: MakegoodError | null = null;

  constructor(
    readonly index: LogIndex,
    readonly path: string,
    private file: LogFile,
    private writable: boolean,
    private readonly ops: FileOps,
    private readonly now: () => Date,
    private readonly readOnly: boolean,
    readonly report: OpenReport,
  ) {
    this.commit = new GroupCommit((bodies) => this.writeBatch(bodies));
  }

  /** Called once by openJsonlStore after the scan. */
  init(head: LogHead, durable: number, headWriter: HeadWriter | null, headGen: number): void {
    this.head_ = { ...head };
    this.durable = durable;
    this.headWriter = headWriter;
    this.headGen = headGen;
  }

  /** The durable head as it would be written now. */
  private durableHead(head: LogHead, bytes: number): DurableHead {
    return { count: head.count, hash: head.hash, bytes, at: this.now().toISOString() };
  }

  append<B extends EntryBody>(body: B): Promise<B & ChainFields> {
    if (this.closed) return Promise.reject(new MakegoodError('unavailable', 'recovery log: the store is closed'));
    if (this.readOnly) return Promise.reject(new MakegoodError('unavailable', 'recovery log: opened read-only'));
    if (this.broken) return Promise.reject(this.broken);
    if (typeof body !== 'object' || body === null || !(body.type in TYPE_CODES)) {
      return Promise.reject(new MakegoodError('invalid_payload', `recovery log: unknown entry type ${String(body?.type)}`));
    }
    return this.commit.submit(body) as unknown as Promise<B & ChainFields>;
  }

  head(): LogHead {
    return { ...this.head_ };
  }

  get(id: string): LogEntry | undefined {
    const seq = this.index.seqOf(id);
    return seq ? this.read(seq) : undefined;
  }

  related(id: string): LogEntry[] {
    const seq = this.index.seqOf(id);
    return seq ? this.index.related(seq).map((s) => this.read(s)) : [];
  }

  /** Recommendations logged with this request_id (normally 0 or 1), oldest first. */
  findByRequestId(requestId: string): LogEntry[] {
    if (typeof requestId !== 'string') return [];
    return this.index
      .requestSeqs(requestId)
      .map((s) => this.read(s))
      .filter((e) => e.type === 'recommendation' && e.request_id === requestId);
  }

  query(q: LogQuery): LogPage {
    const plan = planQuery(this.index, q);
    const { total, seqs } = runQuery(this.index, plan);
    // The console's Outcome column: each recommendation's latest decision, straight from the index.
    const outcomes: Record<string, Outcome | 'none'> = {};
    const entries = seqs.map((s) => {
      const entry = this.read(s);
      if (entry.type === 'recommendation') outcomes[entry.id] = this.index.row(s).outcome;
      return entry;
    });
    return { total, offset: plan.offset, entries, outcomes };
  }

  /** Entries matching the filters (paging ignored), oldest first: for export. */
  *select(q: LogQuery = {}): Generator<LogEntry> {
    const plan = planQuery(this.index, { ...q, offset: 0, limit: 1 });
    for (const seq of scanQuery(this.index, plan)) yield this.read(seq);
  }

  *rows(q: LogQuery = {}): Generator<EntryRow> {
    const plan = planQuery(this.index, { ...q, offset: 0, limit: 1 });
    for (const seq of scanQuery(this.index, plan)) yield this.index.row(seq);
  }

  *all(): Generator<LogEntry> {
    // A snapshot: entries appended while iterating are not included.
    const file = this.file;
    for (const raw of readLines(file.fd, this.durable)) {
      yield JSON.parse(raw.buf.toString('utf8', raw.start, raw.end)) as LogEntry;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commit.idle();
    await this.saving;
    if (this.index.count !== this.savedCount) await this.saveIndex();
    this.file.close();
    this.headWriter?.close();
    for (const f of this.retired) f.close();
  }

  /** Saves the index file so the next start skips parsing (a cache: failures only cost speed). */
  saveIndex(): Promise<void> {
    if (this.readOnly || !this.writable) return Promise.resolve();
    if (this.saving) return this.saving;
    const count = this.index.count;
    const parts = encodeSnapshot(this.index, this.durable, this.head_.hash);
    this.saving = writeSnapshotFile(join(dirname(this.path), INDEX_FILE), parts)
      .then(() => {
        this.savedCount = count;
      })
      .catch(() => undefined)
      .finally(() => {
        this.saving = null;
      });
    return this.saving;
  }

  /** After open: remember how far the index file on disk goes. */
  markSaved(count: number): void {
    this.savedCount = count;
  }

  /** Reads one entry back, checking it still has the hash it had when indexed. */
  private read(seq: number): LogEntry {
    const i = seq - 1;
    const len = this.index.length.get(i);
    const buf = Buffer.allocUnsafe(len);
    const got = this.file.readSync(buf, 0, len, this.index.offset.get(i));
    const { actual } = got === len ? checkLineBytes(buf, 0, len) : { actual: null };
    if (actual !== this.index.hashOf(seq)) {
      throw new MakegoodError('internal', `recovery log: entry seq ${seq} changed on disk while the server was running (run "makegood log verify")`);
    }
    return JSON.parse(buf.toString('utf8')) as LogEntry;
  }

  private async ensureWritable(): Promise<void> {
    if (!this.headWriter) {
      const file = await this.ops.openWritable(join(dirname(this.path), HEAD_FILE));
      this.headWriter = new HeadWriter(file, this.headGen);
      if (file.size() === 0) await this.headWriter.reset(this.durableHead(this.head_, this.durable));
    }
    if (this.writable) return;
    // The disk refused at open (read-only, permissions); try again, it may have recovered.
    const file = await this.ops.openWritable(this.path);
    // Keep the read-only handle open until close(): an all() in progress may still read it.
    this.retired.push(this.file);
    this.file = file;
    this.writable = true;
    this.dirtyTail = true;
  }

  private async writeBatch(bodies: EntryBody[]): Promise<Settle<LogEntry>[]> {
    try {
      await this.ensureWritable();
      if (this.dirtyTail) {
        await this.file.truncate(this.durable);
        await this.file.sync();
        this.dirtyTail = false;
      }
    } catch (err) {
      const e = diskError(err, 'the disk refused the write');
      return bodies.map(() => ({ ok: false, error: e }));
    }
    const size = this.file.size();
    if (!this.dirtyTail && size !== this.durable) {
      // Cut (or written to) by someone else while we run: writing at our end would leave a
      // gap or overwrite their bytes. Stop writing; nothing acknowledged is touched.
      const what = size < this.durable ? `cut to ${size} bytes` : `grown to ${size} bytes by another writer (a second server on the same data directory?)`;
      this.broken = new MakegoodError(
        'unavailable',
        `recovery log ${this.path}: the file was ${what} while the server was running, but ${this.durable} bytes were acknowledged; refusing to write (stop the server and run "makegood log verify")`,
      );
      return bodies.map(() => ({ ok: false, error: this.broken! }));
    }
    const results: Settle<LogEntry>[] = [];
    const sealed: { entry: LogEntry; line: string; slot: number }[] = [];
    let head = this.head_;
    const at = this.now().toISOString();
    for (const body of bodies) {
      try {
        const s = chainNext(body, head, at);
        head = { count: s.entry.seq, hash: s.entry.hash };
        sealed.push({ ...s, slot: results.length });
        results.push({ ok: true, value: s.entry });
      } catch (err) {
        // One unserialisable body must not sink the rest of the batch.
        results.push({ ok: false, error: new MakegoodError('invalid_payload', `recovery log: ${(err as Error).message}`) });
      }
    }
    if (sealed.length === 0) return results;
    const buf = Buffer.from(sealed.map((s) => `${s.line}\n`).join(''), 'utf8');
    const end = this.durable + buf.length;
    let headTouched = false;
    try {
      await this.file.write(buf, this.durable);
      await this.file.sync();
      // Nothing is acknowledged before the head says so.
      headTouched = true;
      await this.headWriter!.write(this.durableHead(head, end));
    } catch (err) {
      this.dirtyTail = true;
      try {
        await this.file.truncate(this.durable);
        this.dirtyTail = false;
        // The head may already name the entries just cut: put back the one acknowledged.
        if (headTouched && this.headWriter) await this.headWriter.write(this.durableHead(this.head_, this.durable));
      } catch {
        // Cut again before the next write (dirtyTail stays set).
      }
      const e = diskError(err, 'the disk refused the write');
      return results.map((r) => (r.ok ? { ok: false, error: e } : r));
    }
    let offset = this.durable;
    for (const s of sealed) {
      const len = Buffer.byteLength(s.line, 'utf8');
      this.index.add(s.entry, offset, len);
      offset += len + 1;
    }
    this.durable = offset;
    this.head_ = head;
    if (this.index.count - this.savedCount >= SAVE_INDEX_EVERY) void this.saveIndex();
    return results;
  }
}

/** Opens (creating if needed) the log in `dir`, checks the chain and indexes it. */
export async function openJsonlStore(dir: string, opts: JsonlStoreOptions = {}): Promise<JsonlStore> {
  const ops = opts.fileOps ?? nodeFileOps;
  const path = join(dir, LOG_FILE);
  const started = Date.now();
  const warnings: string[] = [];
  let file: LogFile | null = null;
  let writable = false;
  if (!opts.readOnly) {
    try {
      file = await ops.openWritable(path);
      writable = true;
      await ops.syncDir(dir);
    } catch (err) {
      warnings.push(`recovery log ${path}: cannot open for writing (${(err as NodeJS.ErrnoException).code ?? String(err)}); appends will fail until the disk recovers`);
    }
  }
  file ??= ops.openReadOnly(path);
  if (!file) {
    if (opts.readOnly) throw new MakegoodError('not_found', `recovery log ${path}: no such file`);
    throw new MakegoodError('unavailable', `recovery log ${path}: cannot create the file`);
  }
  const headPath = join(dir, HEAD_FILE);
  let headFile: LogFile | null = null;
  if (writable) {
    try {
      headFile = await ops.openWritable(headPath);
    } catch {
      // Appends retry opening it; they fail until they can (nothing is acknowledged without it).
    }
  }
  const read: ReadHead = headFile ? readHeadFrom(headFile, headPath) : readHeadFile(headPath);
  let scan: ScanResult;
  try {
    if (read.kind === 'damaged') {
      throw new MakegoodError('unavailable', `recovery log ${path}: its durable head is damaged (${read.message}); run "makegood log verify", then restore the head file from a backup or run "makegood log repair --accept-loss --reason …"`);
    }
    scan = scanLog(file.fd, file.size(), path, join(dir, INDEX_FILE), read.kind === 'ok' ? { head: read.head, path: headPath } : undefined);
  } catch (err) {
    file.close();
    headFile?.close();
    throw err;
  }
  warnings.push(...scan.warnings);
  if (read.kind === 'none' && scan.head.count > 0) {
    warnings.push(
      `recovery log ${path}: no durable head (${headPath}), so it cannot tell whether acknowledged entries were lost before this start; ${opts.readOnly ? 'the server creates one' : 'created one'} from the log as found (${scan.head.count} entries)`,
    );
  }
  const store = new JsonlStore(scan.index, path, file, writable, ops, opts.now ?? (() => new Date()), opts.readOnly ?? false, {
    count: scan.head.count,
    warnings,
    ms: 0,
    ...(scan.fromIndexFile !== undefined ? { fromIndexFile: scan.fromIndexFile } : {}),
  });
  if (scan.fromIndexFile !== undefined) store.markSaved(scan.fromIndexFile);
  if (scan.torn) {
    const { message, line, offset, bytes } = scan.torn;
    store.report.cut = { line, bytes };
    if (!writable) {
      warnings.push(`recovery log ${path}: ${message}; ignored (read-only)`);
    } else {
      try {
        await file.truncate(offset);
        await file.sync();
        warnings.push(`recovery log ${path}: ${message}; cut ${bytes} bytes (never acknowledged)`);
      } catch (err) {
        warnings.push(`recovery log ${path}: ${message}; could not cut it (${(err as NodeJS.ErrnoException).code}), it will be cut before the next write`);
      }
    }
  }
  const headGen = read.kind === 'ok' ? read.gen : 0;
  let writer: HeadWriter | null = null;
  if (headFile) {
    writer = new HeadWriter(headFile, headGen);
    if (read.kind !== 'ok') {
      try {
        await writer.reset({ count: scan.head.count, hash: scan.head.hash, bytes: scan.good, at: (opts.now ?? (() => new Date()))().toISOString() });
        await ops.syncDir(dir);
      } catch (err) {
        warnings.push(`recovery log ${headPath}: cannot write the durable head (${(err as NodeJS.ErrnoException).code ?? String(err)}); appends will fail until it can be written`);
        writer.close();
        writer = null;
      }
    }
  }
  store.init(scan.head, scan.good, writer, headGen);
  store.report.ms = Date.now() - started;
  // Many entries parsed the slow way: save the index now so a crash does not cost it again.
  if (scan.head.count - (scan.fromIndexFile ?? 0) >= 10_000) void store.saveIndex();
  return store;
}
