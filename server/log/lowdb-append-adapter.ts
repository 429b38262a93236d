/**
 * A lowdb Adapter for the recovery log, for code that wants `new Low(adapter, [])`:
 * read() parses the JSON lines; write(data) appends only the entries beyond what is on
 * disk (sealing bare bodies into the chain) and fsyncs, and refuses — throws — when any
 * earlier entry differs from what was written (its content no longer hashes to the hash on
 * disk), or was removed. lowdb's own JSONFile rewrites the whole file on every write; this
 * never does. The server uses the faster jsonl-store.ts; both write the same format.
 */
import { open, readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import type { EntryBody, LogEntry } from '../contract/log-entry.ts';
import { MakegoodError } from '../contract/errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { GENESIS, chainNext, sha256Hex } from './hash-chain.ts';

export class AppendOnlyLogAdapter implements Adapter<LogEntry[]> {
  /** Hashes of the entries on disk, in order. */
  private onDisk: string[] = [];
  private size = 0;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(): Promise<LogEntry[] | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.loaded = true;
        return null;
      }
      throw err;
    }
    const entries = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as LogEntry;
        } catch {
          throw new MakegoodError('unavailable', `${this.path}:${i + 1}: not a JSON line`);
        }
      });
    this.onDisk = entries.map((e) => e.hash);
    this.size = Buffer.byteLength(text);
    this.loaded = true;
    return entries;
  }

  write(data: LogEntry[]): Promise<void> {
    // lowdb does not queue writes itself; two overlapping writes must not interleave.
    const run = this.queue.then(() => this.writeNow(data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeNow(data: LogEntry[]): Promise<void> {
    // Never append blind: learn what is on disk first, or we would cut it.
    if (!this.loaded) await this.read();
    if (!Array.isArray(data)) throw new MakegoodError('invalid_payload', 'recovery log adapter: data must be an array');
    if (data.length < this.onDisk.length) {
      throw new MakegoodError('conflict', `recovery log is append-only: ${this.onDisk.length - data.length} written entries were removed`);
    }
    this.onDisk.forEach((hash, i) => {
      const e = data[i] as LogEntry;
      const { hash: claimed, ...rest } = e;
      if (claimed !== hash || sha256Hex(canonicalJson(rest)) !== hash) {
        throw new MakegoodError('conflict', `recovery log is append-only: entry ${i + 1} (${String(e?.id)}) differs from what was written`);
      }
    });
    let head = { count: this.onDisk.length, hash: this.onDisk.at(-1) ?? GENESIS };
    const lines: string[] = [];
    const hashes: string[] = [];
    const at = this.now().toISOString();
    for (let i = this.onDisk.length; i < data.length; i++) {
      const item = data[i] as LogEntry | EntryBody;
      const { entry, line } = 'hash' in item ? this.checkSealed(item, head) : chainNext(item, head, at);
      // Bare bodies become entries in place, so db.data shows the chain fields.
      if (!('hash' in item)) Object.assign(item, entry);
      head = { count: entry.seq, hash: entry.hash };
      lines.push(`${line}\n`);
      hashes.push(entry.hash);
    }
    if (lines.length === 0) return;
    const buf = Buffer.from(lines.join(''));
    const fh = await open(this.path, 'a+');
    try {
      // Cut anything past what we know was written (a torn earlier attempt), then append.
      await fh.truncate(this.size);
      await fh.write(buf, 0, buf.length, this.size);
      await fh.sync();
    } catch (err) {
      await fh.truncate(this.size).catch(() => undefined);
      throw new MakegoodError('unavailable', `recovery log: the disk refused the write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    } finally {
      await fh.close();
    }
    this.size += buf.length;
    this.onDisk.push(...hashes);
  }

  /** An entry that arrives already sealed must be the next link of the chain. */
  private checkSealed(e: LogEntry, head: { count: number; hash: string }): { entry: LogEntry; line: string } {
    const { hash, ...rest } = e;
    const body = canonicalJson(rest);
    if (e.seq !== head.count + 1 || e.prev !== head.hash || sha256Hex(body) !== hash) {
      throw new MakegoodError('conflict', `recovery log: entry ${head.count + 1} does not continue the chain`);
    }
    return { entry: e, line: `{"hash":"${hash}",${body.slice(1)}` };
  }
}
