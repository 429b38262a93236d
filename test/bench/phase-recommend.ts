/**
 * The full path under load: 1,000 staff clients, 1,000 recommend requests per second,
 * then steps up the rate until p99 reaches the limit (max_rate_per_s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadPool, type RunResult } from './load-pool.ts';
import { makeStaffTokens, startMakegood } from './makegood-server.ts';
import type { LoadPlan } from './plan.ts';
import { STEPS } from './plan.ts';
import { progress } from './progress.ts';
import { procCpuMs } from './proc-mem.ts';

export interface RecommendFigures {
  steady: RunResult;
  /** Highest step with p99 under the limit and no errors; null if even the lowest step failed. */
  maxRate: number | null;
  steps: { rate: number; result: RunResult }[];
  notes: string[];
}

/** The server's per-token rate limit is 5/s; keep each token well under it so we measure speed, not the limiter. */
const PER_TOKEN_RATE = 4;

const describe = (r: RunResult) =>
  `${r.count} requests at ${r.achievedRate.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms` +
  (r.ok < r.count ? `, ${r.count - r.ok} not ok ${JSON.stringify({ ...r.codes, ...(r.timeouts ? { timeouts: r.timeouts } : {}) })}` : '');

/** A step counts as sustained when the generator kept the rate, every request succeeded, and p99 was under the limit. */
const sustained = (rate: number, r: RunResult) => r.ok === r.count && r.achievedRate >= rate * 0.95 && r.p99 < STEPS.p99LimitMs;

export async function recommendPhase(root: string, client: string, plan: LoadPlan): Promise<RecommendFigures> {
  const notes: string[] = [];
  const maxStep = STEPS.rates[STEPS.rates.length - 1]!;
  const tokenCount = Math.max(plan.clients, Math.ceil(maxStep / PER_TOKEN_RATE));
  const dataDir = await mkdtemp(join(tmpdir(), 'makegood-bench-'));
  progress(`recommend: making ${tokenCount} staff tokens`);
  const tokens = await makeStaffTokens(dataDir, tokenCount);
  const server = await startMakegood(root, dataDir);
  const pool = LoadPool.start(client, plan.clientProcesses);
  try {
    const c = await pool.connect(server.url, plan.clients, tokens.slice(0, plan.clients));
    progress(`recommend: ${c.connected} clients connected${c.failed ? `, ${c.failed} failed (${c.errors.join('; ')})` : ''}`);
    if (c.connected === 0) throw new Error(`no client could connect: ${c.errors.join('; ')}`);
    await pool.run(plan.event, plan.rate / 2, 0, plan.primeMs);
    const cpu0 = procCpuMs(server.proc.pid);
    const steady = await pool.run(plan.event, plan.rate, plan.warmupMs, plan.durationMs);
    const cpu1 = procCpuMs(server.proc.pid);
    progress(`recommend: ${describe(steady)}`);
    if (cpu0 !== null && cpu1 !== null) {
      // All requests of the run, warm-up included, were served in that CPU time.
      const windowMs = plan.warmupMs + plan.durationMs;
      const perRequest = (cpu1 - cpu0) / Math.round((plan.rate * windowMs) / 1000);
      const share = ((cpu1 - cpu0) / windowMs) * 100;
      notes.push(`recommend: the server used ${perRequest.toFixed(2)} ms of CPU per request at ${plan.rate}/s (${share.toFixed(0)}% of one core)`);
    }
    if (steady.ok < steady.count) notes.push(`recommend at ${plan.rate}/s: ${steady.count - steady.ok} of ${steady.count} requests failed`);

    // Step up from the steady rate while it holds; if even that failed, step up from below it.
    const held = sustained(plan.rate, steady);
    const rates = held ? STEPS.rates : STEPS.below;
    // After an overload, let the server drain and settle before measuring the low steps.
    if (!held) await sleep(STEPS.settleMs);
    let maxRate: number | null = held ? plan.rate : null;
    const steps: RecommendFigures['steps'] = [];
    let connected = c.connected;
    for (const rate of rates) {
      const want = Math.ceil(rate / PER_TOKEN_RATE);
      if (want > connected) {
        const more = await pool.connect(server.url, want - connected, tokens.slice(connected, want));
        connected += more.connected;
      }
      let r = await pool.run(plan.event, rate, STEPS.warmupMs, STEPS.durationMs);
      progress(`step ${rate}/s (${connected} clients): ${describe(r)}`);
      if (!sustained(rate, r)) {
        // One retry: a single stall from a neighbouring process should not end the search.
        r = await pool.run(plan.event, rate, STEPS.warmupMs, STEPS.durationMs);
        progress(`step ${rate}/s again: ${describe(r)}`);
      }
      steps.push({ rate, result: r });
      if (!sustained(rate, r)) break;
      maxRate = rate;
    }
    if (maxRate === maxStep) notes.push(`max_rate_per_s: the highest step tried (${maxStep}/s) still had p99 < ${STEPS.p99LimitMs} ms; the real limit is higher`);
    return { steady, maxRate, steps, notes };
  } finally {
    await pool.close();
    await server.proc.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
