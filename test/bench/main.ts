/**
 * `npm run bench`: measures makegood against its floors (issues 6 and 11): the durable echo
 * (a socket.io server that fdatasyncs each payload, group-committed) and the bare echo.
 * Every server and load generator is its own process; all traffic is on 127.0.0.1.
 * Progress goes to stderr; stdout gets the table and, as its last line, one JSON object.
 *
 *   npm run bench                      everything (under 4 minutes on 2 cores, fixtures cached)
 *   node dist/bench.js --only recommend,quorum
 *   node dist/bench.js --fresh         rebuild the cached 1M- and 3M-entry log fixtures
 *   node dist/bench.js --quick         every phase at toy sizes: checks the bench works, figures mean nothing
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildParts, part } from './build-parts.ts';
import { fsyncFloor } from './disk-floor.ts';
import { idlePhase } from './phase-idle.ts';
import { logPhase, prepareBigFixture, prepareHugeFixture, type Fixture } from './phase-log.ts';
import { matchPhase } from './phase-match.ts';
import { learnPhase } from './phase-learn.ts';
import { quorumPhase } from './phase-quorum.ts';
import { recommendPhase } from './phase-recommend.ts';
import { reloadPhase } from './phase-reload.ts';
import { round } from './percentiles.ts';
import { FLOORS, IDLE, LOG, QUICK, QUORUM, RELOAD } from './plan.ts';
import { progress } from './progress.ts';
import { emptyResults, renderJson, renderTable } from './report.ts';

const PHASES = ['widget', 'match', 'recommend', 'quorum', 'reload', 'idle', 'log'] as const;
type Phase = (typeof PHASES)[number];

const USAGE = `usage: node dist/bench.js [--only ${PHASES.join(',')}] [--fresh] [--quick]
  --only   run just these phases (the others print as not measured)
  --fresh  rebuild the cached 1,000,000- and 3,000,000-entry log fixtures
  --quick  every phase at toy sizes and short runs: checks the bench itself, the figures mean nothing`;

function parseArgs(argv: string[]): { only: Set<Phase>; fresh: boolean; quick: boolean } | string {
  let only = new Set<Phase>(PHASES);
  let fresh = false;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--fresh') fresh = true;
    else if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a.includes('=') ? a.slice(7) : argv[++i];
      if (!list) return '--only needs a list, e.g. --only recommend,quorum';
      const names = list.split(',').map((s) => s.trim());
      const bad = names.filter((n) => !(PHASES as readonly string[]).includes(n));
      if (bad.length) return `--only: unknown phase ${bad.map((b) => `"${b}"`).join(', ')} (phases: ${PHASES.join(', ')})`;
      only = new Set(names as Phase[]);
    } else return `unknown argument "${a}"`;
  }
  return { only, fresh, quick };
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`bench: ${args}\n${USAGE}`);
    return 2;
  }
  // dist/bench.js → the repository root.
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const results = emptyResults();
  const notes: string[] = [];
  const started = Date.now();
  const loadStart = loadavg()[0]!;
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const plans = args.quick
    ? QUICK
    : { floors: FLOORS, idle: IDLE, log: LOG, quorum: QUORUM, reload: RELOAD };
  if (args.quick) notes.push('QUICK RUN (--quick): toy loads and fixtures; the figures check the bench works and mean nothing');
  notes.push(`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${process.platform}`);

  progress('building bench processes');
  const built = await buildParts(root);

  const attempt = async (phase: Phase, body: () => Promise<void>) => {
    if (!args.only.has(phase)) return;
    progress(`--- ${phase}`);
    try {
      await body();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      notes.push(`${phase}: not measured: ${msg.split('\n')[0]}`);
      progress(`${phase}: FAILED: ${msg}`);
    }
  };

  await attempt('widget', async () => {
    const file = join(root, 'dist/public/widget.js');
    if (!existsSync(file)) throw new Error('dist/public/widget.js is missing (is widget/chat/loader.tsx there?)');
    results.widget_gzip_bytes = gzipSync(readFileSync(file), { level: 9 }).length;
  });

  await attempt('match', async () => {
    const m = await matchPhase(part(built, 'match-probe'));
    results.match_us_30 = round(m.match_us_30, 2);
    results.match_us_3000 = round(m.match_us_3000, 2);
    notes.push(`match: compiling took ${m.compile_ms_30.toFixed(0)} ms (30 rules) and ${m.compile_ms_3000.toFixed(0)} ms (3,000 rules)`);
    notes.push(`match: 3,000 rules + corpus + 10,000 learned corrections: ${m.match_us_3000_learned.toFixed(1)} µs per request (target < 100), compile ${m.compile_ms_3000_learned.toFixed(0)} ms, engine ~${m.engine_mb_3000_learned.toFixed(0)} MB heap`);
    notes.push(...(await learnPhase(root)));
  });

  await attempt('recommend', async () => {
    const f = fsyncFloor();
    notes.push(`disk: one ~900-byte write + fsync in ${tmpdir()} takes p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms (the floor under every durable ack)`);
    const p = plans.floors;
    const r = await recommendPhase(root, { client: part(built, 'load-client'), durable: part(built, 'durable-echo-server'), echo: part(built, 'echo-server') }, p);
    const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? round(a / b, 2) : null);
    const [first, second] = r.loads;
    if (first) {
      results.durable_p50_ms = round(first.durable.p50);
      results.durable_p99_ms = round(first.durable.p99);
      results.recommend_p50_ms = round(first.makegood.p50);
      results.recommend_p99_ms = round(first.makegood.p99);
      results.recommend_vs_durable_p50 = ratio(first.makegood.p50, first.durable.p50);
      results.recommend_vs_durable_p99 = ratio(first.makegood.p99, first.durable.p99);
      if (first.echo) {
        results.echo_p50_ms = round(first.echo.p50);
        results.echo_p99_ms = round(first.echo.p99);
        results.recommend_vs_echo_p50 = ratio(first.makegood.p50, first.echo.p50);
        results.recommend_vs_echo_p99 = ratio(first.makegood.p99, first.echo.p99);
      }
    }
    if (second) {
      results.durable_p50_ms_3k = round(second.durable.p50);
      results.durable_p99_ms_3k = round(second.durable.p99);
      results.recommend_p50_ms_3k = round(second.makegood.p50);
      results.recommend_p99_ms_3k = round(second.makegood.p99);
      results.recommend_vs_durable_p50_3k = ratio(second.makegood.p50, second.durable.p50);
      results.recommend_vs_durable_p99_3k = ratio(second.makegood.p99, second.durable.p99);
    }
    results.max_rate_per_s = r.maxRate.makegood;
    results.durable_max_rate_per_s = r.maxRate.durable;
    if (r.maxRate.makegood !== null && r.maxRate.durable) results.max_rate_vs_durable = round(r.maxRate.makegood / r.maxRate.durable, 2);
    const cpu = r.cpuMsPerRequest;
    results.cpu_ms_per_recommend = cpu.makegood === null ? null : round(cpu.makegood);
    results.durable_cpu_ms_per_request = cpu.durable === null ? null : round(cpu.durable);
    if (cpu.makegood !== null && cpu.durable) results.cpu_vs_durable = round(cpu.makegood / cpu.durable, 2);
    notes.push(
      `recommend: ${p.clients} clients, ${p.loads.map((l) => `${l}/s`).join(' and ')}, ${p.rounds} alternating ${(p.durationMs / 1000).toFixed(0)} s rounds per server and load ` +
        `(durable echo, makegood${first?.echo ? ', bare echo at the first load' : ''}), merged`,
      `cpu: server CPU per request at ${p.loads[0]}/s (from /proc/PID/stat): makegood ${cpu.makegood?.toFixed(3) ?? 'n/a'} ms, durable echo ${cpu.durable?.toFixed(3) ?? 'n/a'} ms, bare echo ${cpu.echo?.toFixed(3) ?? 'n/a'} ms`,
      ...r.notes,
    );
    for (const t of ['makegood', 'durable'] as const) {
      const steps = r.steps.filter((s) => s.target === t).map((s) => `${s.rate}/s p99 ${s.result.p99.toFixed(1)} ms${s.held ? '' : ' ✗'}${s.result.ok < s.result.count ? ` (${s.result.count - s.result.ok} failed)` : ''}`);
      if (steps.length) notes.push(`rate steps, ${t}: ${steps.join(', ')}`);
    }
  });

  await attempt('quorum', async () => {
    const r = await quorumPhase(root, { client: part(built, 'load-client'), logProbe: part(built, 'log-probe') }, plans.quorum);
    results.quorum_p50_ratio = round(r.p50Ratio, 2);
    results.restart_s_quorum_100k = round(r.restartS, 2);
    notes.push(...r.notes);
  });

  await attempt('reload', async () => {
    const r = await reloadPhase(root, part(built, 'reload-probe'), plans.reload);
    results.reload_stall_ms_10k = Math.round(r.stallMs);
    results.reload_live_s_10k = round(r.liveS, 2);
    results.reload_unserved_10k = r.unserved;
    results.check_s_10k = round(r.checkS, 2);
    notes.push(...r.notes);
  });

  // The 1M- and 3M-entry fixtures are written while the idle phase runs (it measures memory, not time).
  let bigFixture: Promise<Fixture> | null = null;
  let hugeFixture: Promise<Fixture> | null = null;
  if (args.only.has('log')) {
    try {
      bigFixture = prepareBigFixture(part(built, 'log-probe'), args.fresh, plans.log);
      hugeFixture = prepareHugeFixture(part(built, 'log-probe'), args.fresh, plans.log, bigFixture);
    } catch (err) {
      bigFixture = Promise.reject(err);
    }
    bigFixture.catch(() => {}); // reported by the log phase
    hugeFixture?.catch(() => {});
  }

  await attempt('idle', async () => {
    const r = await idlePhase(root, part(built, 'load-client'), plans.idle);
    results.idle_kb_per_connection = r.kbPerConnection === null ? null : round(r.kbPerConnection, 1);
    notes.push(`idle: ${r.connected} connections, server RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB`, ...r.notes);
  });

  await attempt('log', async () => {
    const r = await logPhase(part(built, 'log-probe'), bigFixture!, hugeFixture, plans.log);
    const { small, big } = r.pair;
    results.append_per_s_1k = Math.round(small.appends_per_s);
    results.append_per_s_1m = Math.round(big.appends_per_s);
    results.append_ratio = round(small.appends_per_s / big.appends_per_s, 2);
    // A restart: the server has run before, so its index cache is there (every line is still hashed).
    results.startup_s_1m = round(r.pair.open_ms / 1000, 2);
    results.rss_mb_1m = Math.round(Math.max(r.pair.hwm_mb, r.cold.hwm_mb));
    if (r.huge) {
      results.rss_mb_3m = Math.round(r.huge.open.hwm_mb);
      // Restart against restart: what each further million entries costs in resident memory.
      results.rss_mb_per_million = Math.round((r.huge.open.hwm_mb - r.pair.hwm_mb) / ((r.huge.entries - plans.log.big) / 1e6));
      notes.push(`log: rss_mb_per_million is (restart peak at ${r.huge.entries.toLocaleString('en-US')} − restart peak at ${plans.log.big.toLocaleString('en-US')}) per million entries`);
    }
    notes.push(
      ...r.notes,
      `log: startup_s_1m is a fresh process reopening the ${plans.log.big.toLocaleString('en-US')}-entry log with its index cache (every line still hash-checked); ` +
        `the very first open, with no cache, took ${(r.cold.ms / 1000).toFixed(1)} s`,
      `log: rss_mb_1m is the larger peak resident memory of those two opens (first ${r.cold.hwm_mb.toFixed(0)} MB, restart ${r.pair.hwm_mb.toFixed(0)} MB)`,
    );
  });

  notes.push(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Latency figures are only as quiet as the machine: say how busy it was.
  notes.push(`load average at start ${loadStart.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)} (on ${cpus().length} cores; other busy processes inflate the p99s)`);
  console.log(renderTable(results, notes, { start: loadStart, end: loadavg()[0]!, cores: cpus().length }));
  console.log(renderJson(results));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
