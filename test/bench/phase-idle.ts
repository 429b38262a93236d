/**
 * Memory per idle widget connection: the server's resident memory (read from
 * /proc/PID/status, so it is the server's own, not the bench's) before and after
 * 10,000 authenticated connections that send nothing, divided by 10,000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadPool } from './load-pool.ts';
import { makeStaffTokens, startMakegood } from './makegood-server.ts';
import { IDLE, type IdlePlan } from './plan.ts';
import { procMem } from './proc-mem.ts';
import { progress } from './progress.ts';

export interface IdleFigures {
  kbPerConnection: number | null;
  connected: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  notes: string[];
}

export async function idlePhase(root: string, client: string, plan: IdlePlan = IDLE): Promise<IdleFigures> {
  const notes: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'makegood-bench-'));
  const tokens = await makeStaffTokens(dataDir, plan.tokens);
  const server = await startMakegood(root, dataDir);
  const pool = LoadPool.start(client, plan.clientProcesses);
  try {
    // One warm-up connection and request path, then let the server settle before the baseline.
    const warm = await pool.connect(server.url, 8, tokens.slice(0, 8));
    await sleep(plan.settleMs);
    const before = procMem(server.proc.pid);
    if (!before) throw new Error('cannot read /proc/PID/status for the server (not Linux?)');
    const c = await pool.connect(server.url, plan.connections, tokens);
    progress(`idle: ${c.connected + warm.connected} connections open${c.failed ? `, ${c.failed} failed (${c.errors.join('; ')})` : ''}`);
    await sleep(plan.settleMs);
    const after = procMem(server.proc.pid)!;
    const kb = c.connected > 0 ? (after.rssKb - before.rssKb) / c.connected : null;
    progress(`idle: server RSS ${(before.rssKb / 1024).toFixed(0)} MB → ${(after.rssKb / 1024).toFixed(0)} MB, ${kb?.toFixed(1)} KB per connection`);
    if (c.connected < plan.connections) notes.push(`idle: only ${c.connected} of ${plan.connections} connections opened (${c.errors.join('; ')})`);
    return { kbPerConnection: kb, connected: c.connected, rssBeforeMb: before.rssKb / 1024, rssAfterMb: after.rssKb / 1024, notes };
  } finally {
    await pool.close();
    await server.proc.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
