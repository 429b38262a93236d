/**
 * A real file layer with switches: make writes, fsyncs or truncates fail like a full disk would.
 * Counts the log's writes and fsyncs, and the durable head's writes and fdatasyncs, apart.
 */
import { nodeFileOps, type FileOps, type LogFile } from '../../server/log/file-ops.ts';
import { HEAD_FILE } from '../../server/log/durable-head.ts';

export function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

export class FaultyDisk implements FileOps {
  /** On the log file. */
  syncs = 0;
  writes = 0;
  /** On the durable head file (recovery-log.head). */
  headWrites = 0;
  headSyncs = 0;
  /** Make only the head's writes fail (after the log's own write and fsync succeeded). */
  failHeadWrite: string | null = null;
  /** Set to an errno code to make the next operations of that kind fail. */
  failWrite: string | null = null;
  /** Write this many bytes before failing (a short write, like ENOSPC mid-line). */
  partialBytes = 0;
  failSync: string | null = null;
  failTruncate: string | null = null;
  failOpen: string | null = null;

  async openWritable(path: string): Promise<LogFile> {
    if (this.failOpen) throw errno(this.failOpen);
    const file = await nodeFileOps.openWritable(path);
    if (path.endsWith(HEAD_FILE)) {
      return {
        ...file,
        fd: file.fd,
        write: async (buf, pos) => {
          this.headWrites++;
          if (this.failHeadWrite) throw errno(this.failHeadWrite);
          await file.write(buf, pos);
        },
        sync: async () => {
          this.headSyncs++;
          await file.sync();
        },
        datasync: async () => {
          this.headSyncs++;
          await file.datasync!();
        },
      };
    }
    return {
      fd: file.fd,
      size: () => file.size(),
      readSync: (...a) => file.readSync(...a),
      write: async (buf, pos) => {
        this.writes++;
        if (this.failWrite) {
          if (this.partialBytes > 0) await file.write(buf.subarray(0, this.partialBytes), pos);
          throw errno(this.failWrite);
        }
        await file.write(buf, pos);
      },
      sync: async () => {
        this.syncs++;
        if (this.failSync) throw errno(this.failSync);
        await file.sync();
      },
      truncate: async (len) => {
        if (this.failTruncate) throw errno(this.failTruncate);
        await file.truncate(len);
      },
      close: () => file.close(),
    };
  }

  openReadOnly(path: string): LogFile | null {
    return nodeFileOps.openReadOnly(path);
  }

  syncDir(path: string): Promise<void> {
    return nodeFileOps.syncDir(path);
  }
}
