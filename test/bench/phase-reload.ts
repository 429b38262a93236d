/**
 * Rules reloads (issue 11): a server runs a 30-rule file in a temp dir (with the rate limit
 * off so the probe may ping fast); the reload probe (reload-probe.ts, its own
 * process) pings it every few ms, sends recommends, and saves a `rules`-rule file
 * (reload-rules.ts) over the watched file. Figures:
 *   reload_stall_ms_10k   the longest gap between ping answers from the save on (measured
 *                         from a client: the server exports no event-loop delay of its own)
 *   reload_live_s_10k     save → `rules:status` reports the new version
 *   reload_unserved_10k   recommends sent meanwhile that got no ok answer (the old rules
 *                         must keep serving until the swap)
 *   check_s_10k           `makegood rules check` on the same file, a fresh process, wall time
 * Waits are capped (plan.maxWaitMs, plan.checkTimeoutMs): a capped figure is a lower bound,
 * and a note says so.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { makeStaffTokens, startMakegood } from './makegood-server.ts';
import type { ReloadPlan } from './plan.ts';
import { progress } from './progress.ts';
import { reloadRulesText } from './reload-rules.ts';

const run = promisify(execFile);

interface ProbeResult {
  old_version: string;
  worst_gap_ms: number;
  worst_gap_before_save_ms: number;
  live_ms: number | null;
  reloaded_event_ms: number | null;
  during: { sent: number; old: number; new: number; failed: number; unanswered: number; worst_ms: number; codes: Record<string, number> };
}

export interface ReloadFigures {
  stallMs: number;
  liveS: number;
  unserved: number;
  checkS: number;
  notes: string[];
}

export async function reloadPhase(root: string, probeScript: string, plan: ReloadPlan): Promise<ReloadFigures> {
  const notes: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'makegood-bench-reload-'));
  const rulesFile = join(dir, 'gestures.yaml');
  const bigFile = join(dir, `rules-${plan.rules}.yaml`);
  let server: Awaited<ReturnType<typeof startMakegood>> | null = null;
  try {
    // The old rules: a small file of the same kind (the shipped one names example files beside it).
    await writeFile(rulesFile, reloadRulesText(30, 3));
    const text = reloadRulesText(plan.rules, 7);
    await writeFile(bigFile, text);
    const data = join(dir, 'data');
    await mkdir(data);
    const [token] = await makeStaffTokens(data, 1);
    server = await startMakegood(root, data, { rules: rulesFile, args: ['--rate-limit', 'off'] });
    progress(`reload: saving a ${plan.rules.toLocaleString('en-US')}-rule file (${(text.length / 1e6).toFixed(1)} MB) over the live one, pinging every ${plan.pingMs} ms`);
    const { stdout } = await run(process.execPath, [probeScript, server.url, token!, rulesFile, bigFile, String(plan.pingMs), String(plan.maxWaitMs)], {
      maxBuffer: 1 << 20,
      timeout: plan.maxWaitMs + 30_000,
    });
    const p = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProbeResult;
    const d = p.during;
    progress(
      `reload: worst gap ${p.worst_gap_ms.toFixed(0)} ms (before the save ${p.worst_gap_before_save_ms.toFixed(0)} ms), ` +
        `live ${p.live_ms === null ? `not within ${plan.maxWaitMs / 1000} s` : `after ${(p.live_ms / 1000).toFixed(2)} s`}; ` +
        `meanwhile ${d.sent} recommends: ${d.old} old rules, ${d.new} new, ${d.failed} failed, ${d.unanswered} unanswered`,
    );
    if (p.live_ms === null) notes.push(`reload: the new rules were not live within ${plan.maxWaitMs / 1000} s (stopped waiting); reload_stall_ms_10k is a lower bound`);
    notes.push(
      `reload: ${plan.rules.toLocaleString('en-US')} rules saved over a 30-rule file; longest gap between answers to a rules:status ping every ${plan.pingMs} ms ` +
        `${p.worst_gap_ms.toFixed(0)} ms (${p.worst_gap_before_save_ms.toFixed(0)} ms in the second before the save); ` +
        `${d.sent} recommends sent before the swap: ${d.old} answered under the old rules, ${d.new} under the new, ${d.failed} failed${Object.keys(d.codes).length ? ` ${JSON.stringify(d.codes)}` : ''}, ${d.unanswered} unanswered; the slowest answer took ${d.worst_ms.toFixed(0)} ms`,
    );
    await server.proc.stop();
    server = null;

    const t0 = performance.now();
    let checkS: number;
    try {
      await run(process.execPath, [join(root, 'dist/makegood.js'), 'rules', 'check', bigFile], { cwd: root, timeout: plan.checkTimeoutMs, maxBuffer: 16 << 20 });
      checkS = (performance.now() - t0) / 1000;
      progress(`reload: rules check on ${plan.rules.toLocaleString('en-US')} rules in ${checkS.toFixed(1)} s`);
    } catch (err) {
      const e = err as { killed?: boolean; code?: number; stdout?: string };
      if (!e.killed) throw new Error(`rules check ${bigFile} failed (exit ${e.code}): ${(e.stdout ?? '').split('\n').slice(0, 3).join(' | ')}`);
      checkS = plan.checkTimeoutMs / 1000;
      notes.push(`reload: rules check was stopped after ${checkS} s; check_s_10k shows that cap, the real figure is higher`);
    }
    // Not live by the cap: the cap, a lower bound (the note above says so).
    return { stallMs: p.worst_gap_ms, liveS: (p.live_ms ?? plan.maxWaitMs) / 1000, unserved: d.failed + d.unanswered, checkS, notes };
  } finally {
    await server?.proc.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
