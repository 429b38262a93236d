/**
 * A real, small filesystem for the full-disk and read-only tests: a tmpfs mounted with a
 * size limit, so writes fail with the kernel's own ENOSPC and EROFS (tests run as root,
 * where chmod would not stop a write). Needs permission to mount; `tmpfsAvailable()` says
 * whether this machine gives it, so the test can say plainly why it is skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills the disk with a filler file until the kernel says ENOSPC; keeps `spareBytes` back in a spacer file. */
  fill(spareBytes?: number): void;
  /** Deletes the spacer only: exactly the spare bytes come free. */
  freeSpare(): void;
  /** Deletes filler and spacer: space returns. */
  freeAll(): void;
  readOnly(): void;
  readWrite(): void;
  unmount(): void;
}

const mount = (args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

export function tmpfsAvailable(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'makegood-mount-probe-'));
  try {
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

function writeUntilFull(path: string, chunk: number): void {
  const fd = openSync(path, 'a');
  const buf = Buffer.alloc(chunk, 0x78);
  try {
    for (;;) writeSync(fd, buf);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

export function mountSmallDisk(sizeBytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'makegood-small-disk-'));
  mount(['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler.bin');
  const spacer = join(dir, 'spacer.bin');
  const rm = (p: string) => existsSync(p) && unlinkSync(p);
  return {
    dir,
    fill(spareBytes = 0) {
      rm(spacer);
      rm(filler);
      if (spareBytes > 0) {
        const fd = openSync(spacer, 'w');
        writeSync(fd, Buffer.alloc(spareBytes, 0x73));
        closeSync(fd);
      }
      // Big chunks first, then small ones, so not even a page is left.
      for (const chunk of [65_536, 4_096, 512, 1]) writeUntilFull(filler, chunk);
    },
    freeSpare: () => rm(spacer),
    freeAll() {
      rm(spacer);
      rm(filler);
    },
    readOnly: () => mount(['-o', 'remount,ro', dir]),
    readWrite: () => mount(['-o', 'remount,rw', dir]),
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
