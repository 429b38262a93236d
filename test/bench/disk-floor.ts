/**
 * The disk's own floor: how long one small write + fsync takes in the temp dir where the
 * bench's data dirs live. No acknowledged recommendation can be faster than this plus the
 * transport, so it explains how far recommend_p50 can come down towards echo_p50.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './percentiles.ts';

export function fsyncFloor(samples = 300): LatencySummary {
  const dir = mkdtempSync(join(tmpdir(), 'makegood-bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const line = Buffer.alloc(900, 0x61); // about one log entry
  const took: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      writeSync(fd, line);
      fsyncSync(fd);
      took.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return summarize(took);
}
