import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, acquireDataLock, type LockInfo } from '../../server/log/data-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-lock-'));
  dirs.push(d);
  return d;
}
/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}
const lockOf = (over: Partial<LockInfo>): string =>
  `${JSON.stringify({ pid: process.pid, host: hostname(), boot: null, started: '2026-12-01T09:00:00.000Z', command: 'makegood serve', nonce: 'old', ...over })}\n`;

describe('acquireDataLock()', () => {
  it('takes the lock, writing who holds it, and releases it on close', () => {
    const dir = tempDir();
    const r = acquireDataLock(dir, 'makegood serve');
    if (!r.ok) throw new Error(r.message);
    const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockInfo;
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: 'makegood serve' });
    r.lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = acquireDataLock(dir, 'makegood serve');
    expect(again.ok).toBe(true);
    if (again.ok) again.lock.release();
  });

  it('refuses a second holder at once, naming the process that holds it', () => {
    const dir = tempDir();
    const first = acquireDataLock(dir, 'makegood serve');
    expect(first.ok).toBe(true);
    const second = acquireDataLock(dir, 'makegood log repair');
    expect(second).toMatchObject({ ok: false, code: 'held', holder: { pid: process.pid } });
    if (!second.ok) expect(second.message).toMatch(new RegExp(`in use by pid ${process.pid} on ${hostname()} \\("makegood serve", since .*lock file .*makegood.lock`));
    if (first.ok) first.lock.release();
  });

  it('takes over a stale lock left by a process that is gone, and says whose', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), lockOf({ pid }));
    const r = acquireDataLock(dir, 'makegood serve');
    expect(r).toMatchObject({ ok: true, tookOver: { pid } });
    if (r.ok) expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
  });

  it('takes over a lock from before the machine restarted, even if its pid is in use now', () => {
    const dir = tempDir();
    const boot = existsSync('/proc/sys/kernel/random/boot_id');
    writeFileSync(join(dir, LOCK_FILE), lockOf({ pid: process.pid, boot: 'an-earlier-boot' }));
    const r = acquireDataLock(dir, 'makegood serve');
    // Without a boot id (not Linux) the live pid keeps the lock: refusing is the safe side.
    expect(r.ok).toBe(boot);
  });

  it('never takes a lock from another host (it cannot see that host’s processes)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockOf({ pid: deadPid(), host: 'some-other-host' }));
    const r = acquireDataLock(dir, 'makegood serve');
    expect(r).toMatchObject({ ok: false, code: 'held' });
    if (!r.ok) expect(r.message).toMatch(/on some-other-host/);
  });

  it('waits out an unreadable lock being written, and takes it over once it is old', () => {
    const dir = tempDir();
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, '');
    expect(acquireDataLock(dir, 'makegood serve')).toMatchObject({ ok: false, code: 'held' });
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    expect(acquireDataLock(dir, 'makegood serve').ok).toBe(true);
  });

  it('does not remove a lock that changed hands while it was deciding (the takeover file serialises takers)', () => {
    const dir = tempDir();
    // Another process is in the middle of a takeover: we must not remove anything meanwhile.
    writeFileSync(join(dir, `${LOCK_FILE}.takeover`), '999999\n');
    writeFileSync(join(dir, LOCK_FILE), lockOf({ pid: deadPid() }));
    const r = acquireDataLock(dir, 'makegood serve');
    expect(r).toMatchObject({ ok: false, code: 'error', message: expect.stringMatching(/keep taking it over/) });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).nonce).toBe('old');
  });
});
