/**
 * One writer per data directory. Two servers appending to one log interleave their lines
 * and both acknowledge entries the other overwrites; so a server (or a writing command
 * such as `makegood log repair`) takes <dir>/makegood.lock first and refuses at once when
 * another live process holds it, naming that process.
 *
 * The lock file is created with O_EXCL and holds { pid, host, boot, started, command, nonce }.
 * A lock is stale when it was taken on this host by a process that is gone (pid not alive,
 * or the machine rebooted since: another boot id). Taking over a stale lock is serialised
 * by a second O_EXCL file (makegood.lock.takeover): under it the lock is read again and
 * removed only if it is still the same stale one, so two processes racing for a stale lock
 * never both win, and a live lock is never removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'makegood.lock';
const TAKEOVER = `${LOCK_FILE}.takeover`;
/** A takeover file older than this was left by a process that died taking over. */
const TAKEOVER_STALE_MS = 10_000;
/** An unreadable lock file younger than this may still be being written. */
const FRESH_MS = 5_000;

export interface LockInfo {
  pid: number;
  host: string;
  /** Linux boot id when known: a lock from an earlier boot is stale whatever its pid. */
  boot: string | null;
  started: string;
  command: string;
  nonce: string;
}

export interface DataLock {
  path: string;
  info: LockInfo;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export type LockResult =
  | { ok: true; lock: DataLock; tookOver?: LockInfo }
  /** held: another live process has it; unwritable: the directory cannot take a file (read-only disk); error: anything else. */
  | { ok: false; code: 'held' | 'unwritable' | 'error'; holder?: LockInfo; message: string };

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): { info: LockInfo | null; raw: string; mtimeMs: number } | null {
  try {
    const raw = readFileSync(path, 'utf8');
    const mtimeMs = statSync(path).mtimeMs;
    try {
      const info = JSON.parse(raw) as LockInfo;
      const valid = Number.isSafeInteger(info.pid) && typeof info.host === 'string' && typeof info.nonce === 'string';
      return { info: valid ? info : null, raw, mtimeMs };
    } catch {
      return { info: null, raw, mtimeMs };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Why a lock is stale, or null when its holder may be alive. */
export function staleReason(info: LockInfo | null, mtimeMs: number, now = Date.now()): string | null {
  if (!info) return now - mtimeMs > FRESH_MS ? 'an unreadable lock file' : null;
  if (info.host !== hostname()) return null; // cannot see another host's processes
  const boot = bootId();
  if (boot && info.boot && info.boot !== boot) return `pid ${info.pid} ran before this machine restarted`;
  if (!pidAlive(info.pid)) return `pid ${info.pid} is not running`;
  return null;
}

export function describeHolder(info: LockInfo): string {
  return `pid ${info.pid} on ${info.host} ("${info.command}", since ${info.started})`;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes `path` only while holding the takeover file, and only if it still reads `raw`. */
function removeStale(dir: string, path: string, raw: string): boolean {
  const takeover = join(dir, TAKEOVER);
  if (!createExclusive(takeover, `${process.pid}\n`)) {
    try {
      if (Date.now() - statSync(takeover).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(takeover);
    } catch {
      // Gone already: retry.
    }
    return false;
  }
  try {
    const again = readLock(path);
    if (again && again.raw === raw) unlinkSync(path);
    return true;
  } finally {
    unlinkSync(takeover);
  }
}

/**
 * Takes the data directory's lock for `command` (e.g. "makegood serve"), or says who holds it.
 * Synchronous: it runs once, before anything else touches the directory.
 */
export function acquireDataLock(dir: string, command: string): LockResult {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    boot: bootId(),
    started: new Date().toISOString(),
    command,
    nonce: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(info)}\n`;
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (createExclusive(path, text)) {
        const lock: DataLock = {
          path,
          info,
          release() {
            try {
              if (readLock(path)?.info?.nonce === info.nonce) unlinkSync(path);
            } catch {
              // Best effort: a lock left behind is stale once we are gone.
            }
          },
        };
        return { ok: true, lock, ...(tookOver ? { tookOver } : {}) };
      }
      const held = readLock(path);
      if (!held) continue; // released meanwhile
      const stale = staleReason(held.info, held.mtimeMs);
      if (!stale) {
        const who = held.info ? describeHolder(held.info) : 'a process that is still writing its lock';
        return {
          ok: false,
          code: 'held',
          ...(held.info ? { holder: held.info } : {}),
          message: `data directory ${dir} is in use by ${who}; only one makegood may write there at a time. Stop it first (lock file ${path}; remove it by hand only if that process is surely gone)`,
        };
      }
      if (held.info) tookOver = held.info;
      if (!removeStale(dir, path, held.raw)) sleep(20);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const unwritable = ['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT'].includes(code);
      return { ok: false, code: unwritable ? 'unwritable' : 'error', message: `cannot take the lock ${path} (${code})` };
    }
  }
  return { ok: false, code: 'error', message: `cannot take the lock ${path}: other processes keep taking it over` };
}
