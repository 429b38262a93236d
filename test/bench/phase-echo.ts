/** The floor: the bare echo server at the same load the real server gets. */
import { LoadPool, type RunResult } from './load-pool.ts';
import { progress } from './progress.ts';
import { startNode, waitForOutput } from './procs.ts';
import { procCpuMs } from './proc-mem.ts';
import type { LoadPlan } from './plan.ts';

export async function echoPhase(parts: { echo: string; client: string }, plan: LoadPlan): Promise<RunResult> {
  const server = startNode(parts.echo, []);
  const pool = LoadPool.start(parts.client, plan.clientProcesses);
  try {
    const url = (await waitForOutput(server, /echo listening on (http:\/\/\S+)/, 10_000))[1]!;
    const c = await pool.connect(url, plan.clients, []);
    progress(`echo: ${c.connected} clients connected${c.failed ? `, ${c.failed} failed (${c.errors.join('; ')})` : ''}`);
    if (c.connected === 0) throw new Error(`echo: no client could connect: ${c.errors.join('; ')}`);
    await pool.run(plan.event, plan.rate / 2, 0, plan.primeMs);
    const cpu0 = procCpuMs(server.pid);
    const r = await pool.run(plan.event, plan.rate, plan.warmupMs, plan.durationMs);
    const cpu1 = procCpuMs(server.pid);
    if (cpu0 !== null && cpu1 !== null) r.serverCpuMsPerRequest = (cpu1 - cpu0) / Math.round((plan.rate * (plan.warmupMs + plan.durationMs)) / 1000);
    progress(`echo: ${r.count} requests at ${r.achievedRate.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
    return r;
  } finally {
    await pool.close();
    await server.stop();
  }
}
