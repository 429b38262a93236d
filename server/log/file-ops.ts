/**
 * The few file operations the store needs, behind an interface so tests can make the
 * disk refuse (ENOSPC, EROFS, EIO…) and count fsyncs. Reads are synchronous (positional,
 * from the page cache) because queries are; writes are asynchronous.
 */
import { closeSync, fdatasync, fsync, ftruncate, fstatSync, mkdirSync, openSync, readSync, write } from 'node:fs';
import { dirname } from 'node:path';

export interface LogFile {
  /** Current size in bytes. */
  size(): number;
  /** Reads into buf at a file position; returns the bytes read. */
  readSync(buf: Buffer, offset: number, length: number, position: number): number;
  /** The descriptor for streaming reads. */
  readonly fd: number;
  /** Writes all of buf at position (a short write is retried until done or failed). */
  write(buf: Buffer, position: number): Promise<void>;
  /** fsync: resolves once written data is on stable storage. */
  sync(): Promise<void>;
  /** fdatasync: like sync() but skips metadata a rewrite in place does not change. */
  datasync?(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): void;
}

export interface FileOps {
  /** Opens (creating if missing) for reading and writing. Throws (EACCES, EROFS…) if it cannot. */
  openWritable(path: string): Promise<LogFile>;
  /** Opens an existing file read-only, or returns null when there is none. */
  openReadOnly(path: string): LogFile | null;
  /** fsyncs a directory so a newly created file's name is durable too. */
  syncDir(path: string): Promise<void>;
}

const pWrite = (fd: number, buf: Buffer, off: number, len: number, pos: number) =>
  new Promise<number>((res, rej) => write(fd, buf, off, len, pos, (err, n) => (err ? rej(err) : res(n))));
const pSync = (fd: number) => new Promise<void>((res, rej) => fsync(fd, (err) => (err ? rej(err) : res())));
const pDatasync = (fd: number) => new Promise<void>((res, rej) => fdatasync(fd, (err) => (err ? rej(err) : res())));
const pTruncate = (fd: number, len: number) =>
  new Promise<void>((res, rej) => ftruncate(fd, len, (err) => (err ? rej(err) : res())));

function nodeFile(fd: number): LogFile {
  let closed = false;
  return {
    fd,
    size: () => fstatSync(fd).size,
    readSync: (buf, offset, length, position) => readSync(fd, buf, offset, length, position),
    async write(buf, position) {
      let done = 0;
      while (done < buf.length) {
        done += await pWrite(fd, buf, done, buf.length - done, position + done);
      }
    },
    sync: () => pSync(fd),
    datasync: () => pDatasync(fd),
    truncate: (length) => pTruncate(fd, length),
    close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}

export const nodeFileOps: FileOps = {
  async openWritable(path) {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'a')); // create if missing, never truncate
    // 'r+', not append mode: after a failed write we truncate and rewrite at a known position.
    return nodeFile(openSync(path, 'r+'));
  },
  openReadOnly(path) {
    try {
      return nodeFile(openSync(path, 'r'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  async syncDir(path) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      await pSync(fd);
    } catch {
      // Some platforms cannot fsync a directory; the file's own fsync still holds the data.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};
