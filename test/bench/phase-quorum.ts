/**
 * Alert windows under load (issue 11): a log whose newest stretch holds `failures` failures of
 * one alert's rule, all inside its window (the alert already fired: the incident is open). On a
 * server started on that log, recommend p50 for text that hits the alert's rule vs text that hits
 * a rule without alerts, alternating rounds (quorum_p50_ratio); then the same server restarted
 * on the same log (restart_s_quorum_100k: spawn → "listening", its index cache in place).
 *
 * The fixture is written fresh each run (a few seconds): its times end now, so the live
 * failures land in the same window as the 100,000 logged ones.
 */
import { execFile } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { QuorumAlert } from './entry-fixtures.ts';
import { LoadPool, type RunResult } from './load-pool.ts';
import { makeStaffTokens, startMakegood } from './makegood-server.ts';
import { describeRun, mergeRuns } from './phase-recommend.ts';
import type { QuorumPlan } from './plan.ts';
import { progress } from './progress.ts';

const run = promisify(execFile);

export interface QuorumFigures {
  alert: QuorumAlert;
  withAlert: RunResult;
  without: RunResult;
  /** withAlert p50 / without p50. */
  p50Ratio: number;
  firstStartS: number;
  restartS: number;
  notes: string[];
}

/** The shipped rules file's all-locations alert (one window for every failure), or its first. */
export async function pickAlert(rulesFile: string): Promise<QuorumAlert> {
  const doc = parse(await readFile(rulesFile, 'utf8')) as { alerts?: Partial<QuorumAlert>[] };
  const alerts = (doc.alerts ?? []).filter((a) => a.id && a.rule && a.count && a.within_minutes);
  const a = alerts.find((x) => x.scope === 'all-locations') ?? alerts[0];
  if (!a) throw new Error(`${rulesFile}: no alerts[] to measure an alert window with`);
  return { id: a.id!, rule: a.rule!, count: a.count!, within_minutes: a.within_minutes!, scope: a.scope ?? 'per-location', ...(a.message ? { message: a.message } : {}) };
}

/** The rule most of a run's requests went to, and its share. */
function topRule(r: RunResult): { rule: string; share: number } {
  const total = Object.values(r.rules).reduce((a, n) => a + n, 0);
  const [rule, n] = Object.entries(r.rules).sort((x, y) => y[1] - x[1])[0] ?? ['none', 0];
  return { rule, share: total ? n / total : 0 };
}

export async function quorumPhase(root: string, parts: { client: string; logProbe: string }, plan: QuorumPlan): Promise<QuorumFigures> {
  const notes: string[] = [];
  const rulesFile = join(root, 'rules/gestures.yaml');
  const alert = await pickAlert(rulesFile);
  const dataDir = await mkdtemp(join(tmpdir(), 'makegood-bench-quorum-'));
  const pool = LoadPool.start(parts.client, 1);
  let server: Awaited<ReturnType<typeof startMakegood>> | null = null;
  try {
    // All failures inside the window, with room for the minute or two the phase runs.
    const spanMs = Math.min(10 * 60_000, (alert.within_minutes * 60_000) / 6);
    const t0 = Date.now();
    await run(process.execPath, [parts.logProbe, 'fill-quorum', dataDir, String(plan.failures), JSON.stringify(alert), String(spanMs)], {
      maxBuffer: 1 << 20,
      timeout: 120_000,
    });
    progress(`quorum: ${plan.failures.toLocaleString('en-US')} "${alert.rule}" failures in ${(spanMs / 60_000).toFixed(0)} min (alert "${alert.id}": ${alert.count} within ${alert.within_minutes} min, already fired), written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const clients = Math.ceil(plan.rate / 4); // under the per-token limit of 5/s
    const tokens = await makeStaffTokens(dataDir, clients);

    server = await startMakegood(root, dataDir, { timeoutMs: plan.firstStartTimeoutMs });
    const firstStartS = server.startMs / 1000;
    progress(`quorum: first start on that log (no index cache) in ${firstStartS.toFixed(1)} s`);
    const c = await pool.connect(server.url, clients, tokens);
    if (c.connected === 0) throw new Error(`quorum: no client could connect: ${c.errors.join('; ')}`);

    const runs = { with: [] as RunResult[], without: [] as RunResult[] };
    const texts = { with: plan.alertTexts, without: plan.otherTexts };
    const go = (k: 'with' | 'without', warm: number, dur: number) => pool.run('recovery:recommend', plan.rate, warm, dur, 10_000, { texts: texts[k] });
    await go('with', 0, plan.primeMs);
    await go('without', 0, plan.primeMs);
    for (let round = 0; round < plan.rounds; round++) {
      for (const k of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        const r = await go(k, plan.warmupMs, plan.durationMs);
        progress(`quorum: ${k === 'with' ? 'alert rule' : 'other rule'} at ${plan.rate}/s: ${describeRun(r)}`);
        runs[k].push(r);
      }
    }
    const withAlert = mergeRuns(runs.with);
    const without = mergeRuns(runs.without);
    // The figure means nothing unless the texts really went where they were meant to.
    const a = topRule(withAlert);
    const b = topRule(without);
    if (a.rule !== alert.rule || a.share < 0.9) throw new Error(`quorum: the alert texts went to "${a.rule}" (${(a.share * 100).toFixed(0)}%), not to "${alert.rule}"; update QUORUM.alertTexts in test/bench/plan.ts`);
    if (b.rule === alert.rule || b.rule === 'none') throw new Error(`quorum: the other texts went to "${b.rule}"; QUORUM.otherTexts in test/bench/plan.ts must hit a rule without alerts`);
    for (const [k, r] of [['alert rule', withAlert], ['other rule', without]] as const) {
      if (r.ok < r.count) notes.push(`quorum: ${k}: ${r.count - r.ok} of ${r.count} requests failed ${JSON.stringify({ ...r.codes, ...(r.timeouts ? { timeouts: r.timeouts } : {}) })}`);
    }
    notes.push(
      `quorum: "${alert.rule}" (alert "${alert.id}", window holding ${plan.failures.toLocaleString('en-US')}+ failures) p50 ${withAlert.p50.toFixed(2)} ms, p99 ${withAlert.p99.toFixed(1)} ms; ` +
        `"${b.rule}" (no alert) p50 ${without.p50.toFixed(2)} ms, p99 ${without.p99.toFixed(1)} ms; ${plan.rate}/s, ${plan.rounds} alternating rounds each; first start ${firstStartS.toFixed(1)} s`,
    );
    await pool.close();
    await server.proc.stop();
    server = null;

    let restartS: number;
    try {
      server = await startMakegood(root, dataDir, { timeoutMs: plan.startTimeoutMs });
      restartS = server.startMs / 1000;
      progress(`quorum: restart on the same log in ${restartS.toFixed(1)} s`);
    } catch (err) {
      if (!/no \/makegood listening/.test(String(err))) throw err;
      // A lower bound still says MISS; waiting longer would only eat the bench's budget.
      restartS = plan.startTimeoutMs / 1000;
      notes.push(`quorum: the restart was still not listening after ${restartS} s; restart_s_quorum_100k shows that cap, the real figure is higher`);
    }
    return { alert, withAlert, without, p50Ratio: withAlert.p50 / without.p50, firstStartS, restartS, notes };
  } finally {
    await pool.close();
    await server?.proc.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
