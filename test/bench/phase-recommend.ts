/**
 * The hot path against its floors (issue 11), all from the same load-client processes:
 *   A  the durable echo (durable-echo-server.ts): transport + one JSON-line append + fdatasync, group-committed;
 *   B  makegood: `recovery:recommend` on the real server (token, validation, matching, durable log append);
 *   C  the bare echo (echo-server.ts), at the first load only: the transport alone, for context.
 * Runs alternate (A B C, B A C, …) at each load, so a neighbour's burst of work hits both; the
 * rounds of each are merged before taking percentiles. Then max_rate_per_s for A and B, stepping
 * the rate (rate-steps.ts) alternately. CPU per request is the server process's own CPU time
 * (/proc/PID/stat) over the first load's runs, divided by the requests sent in them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadPool, type RunResult } from './load-pool.ts';
import { makeStaffTokens, startMakegood } from './makegood-server.ts';
import { summarize } from './percentiles.ts';
import type { FloorsPlan } from './plan.ts';
import { progress } from './progress.ts';
import { procCpuMs } from './proc-mem.ts';
import { startNode, waitForOutput, type Proc } from './procs.ts';
import { nextRate, record, startState, type StepState } from './rate-steps.ts';

export type Target = 'durable' | 'makegood' | 'echo';

export interface LoadFigures {
  rate: number;
  durable: RunResult;
  makegood: RunResult;
  /** Only at the first load. */
  echo: RunResult | null;
}

export interface RecommendFigures {
  loads: LoadFigures[];
  /** Server CPU ms per request at the first load; null where /proc could not be read. */
  cpuMsPerRequest: Record<Target, number | null>;
  /** Highest rate sustained; null if not even the lowest rate tried held. */
  maxRate: { makegood: number | null; durable: number | null };
  steps: { target: Target; rate: number; result: RunResult; held: boolean }[];
  notes: string[];
}

/** The server's per-token rate limit is 5/s; keep each token under it so we measure speed, not the limiter. */
const PER_TOKEN_RATE = 4;

export const describeRun = (r: RunResult) =>
  `${r.count} requests at ${r.achievedRate.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms` +
  (r.ok < r.count ? `, ${r.count - r.ok} not ok ${JSON.stringify({ ...r.codes, ...(r.timeouts ? { timeouts: r.timeouts } : {}) })}` : '');

/** Sustained: the generator kept the rate, every request succeeded, and p99 was under the limit. */
export const sustained = (rate: number, r: RunResult, p99LimitMs: number) => r.count > 0 && r.ok === r.count && r.achievedRate >= rate * 0.95 && r.p99 < p99LimitMs;

/** Rounds of one target merged into one result: percentiles over all their requests. */
export function mergeRuns(runs: RunResult[]): RunResult {
  const codes: Record<string, number> = {};
  const rules: Record<string, number> = {};
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.codes)) codes[k] = (codes[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.rules)) rules[k] = (rules[k] ?? 0) + v;
  }
  const latencies = runs.flatMap((r) => r.latencies);
  return {
    ...summarize(latencies),
    sent: runs.reduce((a, r) => a + r.sent, 0),
    ok: runs.reduce((a, r) => a + r.ok, 0),
    codes,
    rules,
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    achievedRate: runs.length ? Math.min(...runs.map((r) => r.achievedRate)) : 0,
    latencies,
  };
}

async function startFloor(script: string, args: string[], re: RegExp): Promise<{ proc: Proc; url: string }> {
  const proc = startNode(script, args);
  try {
    return { proc, url: (await waitForOutput(proc, re, 15_000))[1]! };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export async function recommendPhase(root: string, parts: { client: string; durable: string; echo: string }, plan: FloorsPlan): Promise<RecommendFigures> {
  const notes: string[] = [];
  const tokenCount = Math.max(plan.clients, Math.ceil(plan.steps.max / PER_TOKEN_RATE));
  const dataDir = await mkdtemp(join(tmpdir(), 'makegood-bench-'));
  const echoDir = await mkdtemp(join(tmpdir(), 'makegood-bench-durable-'));
  const procs: Proc[] = [];
  const pool = LoadPool.start(parts.client, plan.clientProcesses);
  try {
    progress(`recommend: making ${tokenCount} staff tokens`);
    const tokens = await makeStaffTokens(dataDir, tokenCount);
    const mg = await startMakegood(root, dataDir);
    procs.push(mg.proc);
    notes.push(`makegood: started on an empty log in ${(mg.startMs / 1000).toFixed(1)} s (spawn → "listening"; compare restart_s_quorum_100k)`);
    const durable = await startFloor(parts.durable, [join(echoDir, 'echo.jsonl')], /durable echo listening on (http:\/\/\S+)/);
    procs.push(durable.proc);
    const echo = await startFloor(parts.echo, [], /echo listening on (http:\/\/\S+)/);
    procs.push(echo.proc);
    const servers: Record<Target, { url: string; pid: number; tokens: string[] }> = {
      makegood: { url: mg.url, pid: mg.proc.pid, tokens },
      durable: { url: durable.url, pid: durable.proc.pid, tokens: [] },
      echo: { url: echo.url, pid: echo.proc.pid, tokens: [] },
    };
    const connected: Record<Target, number> = { makegood: 0, durable: 0, echo: 0 };
    const ensure = async (t: Target, want: number) => {
      if (want <= connected[t]) return;
      const s = servers[t];
      const c = await pool.connect(s.url, want - connected[t], s.tokens.length ? s.tokens.slice(connected[t], want) : [], 1, t);
      connected[t] += c.connected;
      if (c.failed) progress(`recommend: ${c.failed} ${t} connections failed (${c.errors.join('; ')})`);
      if (connected[t] === 0) throw new Error(`no client could connect to ${t}: ${c.errors.join('; ')}`);
    };
    for (const t of ['durable', 'makegood', 'echo'] as const) await ensure(t, plan.clients);
    progress(`recommend: ${plan.clients} clients on each of durable echo, makegood, bare echo`);

    const runOn = (t: Target, rate: number, warmupMs: number, durationMs: number) =>
      pool.run(plan.event, rate, warmupMs, durationMs, 5_000, { group: t });
    // A fresh server compiles its hot code first; everyone gets the same unmeasured start.
    for (const t of ['durable', 'makegood', 'echo'] as const) await runOn(t, plan.loads[0]! / 2, 0, plan.primeMs);

    const cpu: Record<Target, { ms: number; requests: number } | null> = { makegood: { ms: 0, requests: 0 }, durable: { ms: 0, requests: 0 }, echo: { ms: 0, requests: 0 } };
    const loads: LoadFigures[] = [];
    for (const [li, rate] of plan.loads.entries()) {
      const runs: Record<Target, RunResult[]> = { durable: [], makegood: [], echo: [] };
      for (let round = 0; round < plan.rounds; round++) {
        const order: Target[] = round % 2 === 0 ? ['durable', 'makegood'] : ['makegood', 'durable'];
        if (li === 0) order.push('echo');
        for (const t of order) {
          const c0 = procCpuMs(servers[t].pid);
          const r = await runOn(t, rate, plan.warmupMs, plan.durationMs);
          const c1 = procCpuMs(servers[t].pid);
          runs[t].push(r);
          progress(`recommend: ${t} at ${rate}/s, round ${round + 1}: ${describeRun(r)}`);
          if (li === 0) {
            const acc = cpu[t];
            if (acc && c0 !== null && c1 !== null) {
              acc.ms += c1 - c0;
              acc.requests += Math.round((rate * (plan.warmupMs + plan.durationMs)) / 1000);
            } else cpu[t] = null;
          }
        }
      }
      const load: LoadFigures = { rate, durable: mergeRuns(runs.durable), makegood: mergeRuns(runs.makegood), echo: li === 0 ? mergeRuns(runs.echo) : null };
      loads.push(load);
      for (const t of ['durable', 'makegood'] as const) {
        const r = load[t];
        if (r.ok < r.count) notes.push(`${t} at ${rate}/s: ${r.count - r.ok} of ${r.count} requests failed ${JSON.stringify({ ...r.codes, ...(r.timeouts ? { timeouts: r.timeouts } : {}) })}`);
      }
    }
    const cpuMsPerRequest = Object.fromEntries(
      (['makegood', 'durable', 'echo'] as const).map((t) => [t, cpu[t] && cpu[t].requests ? cpu[t].ms / cpu[t].requests : null]),
    ) as Record<Target, number | null>;

    // max_rate_per_s: start from what the loads above showed, then step both, alternately.
    const states: Record<'makegood' | 'durable', StepState> = { makegood: startState(), durable: startState() };
    for (const t of ['makegood', 'durable'] as const) {
      for (const load of loads) states[t] = record(states[t], load.rate, sustained(load.rate, load[t], plan.p99LimitMs));
    }
    const steps: RecommendFigures['steps'] = [];
    let budget = plan.maxStepRuns;
    for (;;) {
      let progressed = false;
      for (const t of ['durable', 'makegood'] as const) {
        const rate = nextRate(states[t], plan.steps);
        if (rate === null || budget <= 0) continue;
        progressed = true;
        await ensure(t, Math.max(plan.clients, t === 'makegood' ? Math.ceil(rate / PER_TOKEN_RATE) : 0));
        let r = await runOn(t, rate, plan.stepWarmupMs, plan.stepDurationMs);
        budget--;
        progress(`step ${t} ${rate}/s: ${describeRun(r)}`);
        if (!sustained(rate, r, plan.p99LimitMs) && budget > 0) {
          // One retry: a single stall from a neighbouring process should not end the search.
          await sleep(plan.settleMs);
          r = await runOn(t, rate, plan.stepWarmupMs, plan.stepDurationMs);
          budget--;
          progress(`step ${t} ${rate}/s again: ${describeRun(r)}`);
        }
        const held = sustained(rate, r, plan.p99LimitMs);
        if (!held) {
          if (r.ok === r.count && r.p99 < plan.p99LimitMs && r.achievedRate < rate * 0.95)
            notes.push(`${t} at ${rate}/s: the load generator only kept ${r.achievedRate.toFixed(0)}/s (the machine's limit, not necessarily the server's)`);
          await sleep(plan.settleMs); // let the backlog drain before the next run
        }
        steps.push({ target: t, rate, result: r, held });
        states[t] = record(states[t], rate, held);
      }
      if (!progressed) break;
    }
    if (budget <= 0) notes.push(`max_rate_per_s: stopped after ${plan.maxStepRuns} step runs; the figures are what held by then`);
    for (const t of ['makegood', 'durable'] as const) {
      const held = states[t].held;
      if (held !== null && held >= plan.steps.max) notes.push(`${t}: the highest rate tried (${plan.steps.max}/s) still held; the real limit is higher`);
      if (held === null) notes.push(`${t}: no rate held (all ok, p99 < ${plan.p99LimitMs} ms), not even ${states[t].failed ?? plan.steps.min}/s`);
    }
    // The durable echo reports its group-commit batches when it stops.
    await durable.proc.stop();
    const batches = /\{"batches":(\d+),"payloads":(\d+),"mean_batch":([\d.]+)\}/.exec(durable.proc.output());
    if (batches) notes.push(`durable echo: ${batches[2]} payloads in ${batches[1]} write + fdatasync batches (${Number(batches[3]).toFixed(1)} per batch on average)`);
    return { loads, cpuMsPerRequest, maxRate: { makegood: states.makegood.held, durable: states.durable.held }, steps, notes };
  } finally {
    await pool.close();
    for (const p of procs) await p.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(echoDir, { recursive: true, force: true });
  }
}
