/**
 * `npm run bench`: measures makegood against the bare socket.io floor (issue 6).
 * Every server and load generator is its own process; all traffic is on 127.0.0.1.
 * Progress goes to stderr; stdout gets the table and, as its last line, one JSON object.
 *
 *   npm run bench                      everything (under 3 minutes on 2 cores)
 *   node dist/bench.js --only echo,recommend
 *   node dist/bench.js --fresh         rebuild the cached 1M-entry log fixture
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildParts, part } from './build-parts.ts';
import { fsyncFloor } from './disk-floor.ts';
import { echoPhase } from './phase-echo.ts';
import { idlePhase } from './phase-idle.ts';
import { logPhase, prepareBigFixture, type Fixture } from './phase-log.ts';
import { matchPhase } from './phase-match.ts';
import { recommendPhase } from './phase-recommend.ts';
import { round } from './percentiles.ts';
import { STEADY } from './plan.ts';
import { progress } from './progress.ts';
import { emptyResults, renderJson, renderTable } from './report.ts';

const PHASES = ['widget', 'match', 'echo', 'recommend', 'idle', 'log'] as const;
type Phase = (typeof PHASES)[number];

const USAGE = `usage: node dist/bench.js [--only ${PHASES.join(',')}] [--fresh]
  --only   run just these phases (the others print as not measured)
  --fresh  rebuild the cached 1,000,000-entry log fixture`;

function parseArgs(argv: string[]): { only: Set<Phase>; fresh: boolean } | string {
  let only = new Set<Phase>(PHASES);
  let fresh = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--fresh') fresh = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a.includes('=') ? a.slice(7) : argv[++i];
      if (!list) return '--only needs a list, e.g. --only echo,recommend';
      const names = list.split(',').map((s) => s.trim());
      const bad = names.filter((n) => !(PHASES as readonly string[]).includes(n));
      if (bad.length) return `--only: unknown phase ${bad.map((b) => `"${b}"`).join(', ')} (phases: ${PHASES.join(', ')})`;
      only = new Set(names as Phase[]);
    } else return `unknown argument "${a}"`;
  }
  return { only, fresh };
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
  });

  await attempt('echo', async () => {
    const f = fsyncFloor();
    notes.push(`disk: one ~900-byte write + fsync in ${tmpdir()} takes p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms (the floor under every durable ack)`);
    const r = await echoPhase({ echo: part(built, 'echo-server'), client: part(built, 'load-client') }, STEADY);
    results.echo_p50_ms = round(r.p50);
    results.echo_p99_ms = round(r.p99);
    if (r.serverCpuMsPerRequest !== undefined) notes.push(`echo: the echo server used ${r.serverCpuMsPerRequest.toFixed(2)} ms of CPU per request`);
  });

  await attempt('recommend', async () => {
    const r = await recommendPhase(root, part(built, 'load-client'), STEADY);
    results.recommend_p50_ms = round(r.steady.p50);
    results.recommend_p99_ms = round(r.steady.p99);
    results.max_rate_per_s = r.maxRate;
    notes.push(...r.notes);
    const steps = r.steps.map((s) => `${s.rate}/s p99 ${s.result.p99.toFixed(1)} ms${s.result.ok < s.result.count ? ` (${s.result.count - s.result.ok} failed)` : ''}`);
    if (steps.length) notes.push(`rate steps: ${steps.join(', ')}`);
  });
  if (results.echo_p50_ms && results.recommend_p50_ms !== null) results.recommend_vs_echo_p50 = round(results.recommend_p50_ms / results.echo_p50_ms, 2);
  if (results.echo_p99_ms && results.recommend_p99_ms !== null) results.recommend_vs_echo_p99 = round(results.recommend_p99_ms / results.echo_p99_ms, 2);

  // The 1M-entry fixture is written while the idle phase runs (it measures memory, not time).
  let bigFixture: Promise<Fixture> | null = null;
  if (args.only.has('log')) {
    try {
      bigFixture = prepareBigFixture(part(built, 'log-probe'), args.fresh);
      bigFixture.catch(() => {}); // reported by the log phase
    } catch (err) {
      bigFixture = Promise.reject(err);
      bigFixture.catch(() => {});
    }
  }

  await attempt('idle', async () => {
    const r = await idlePhase(root, part(built, 'load-client'));
    results.idle_kb_per_connection = r.kbPerConnection === null ? null : round(r.kbPerConnection, 1);
    notes.push(`idle: ${r.connected} connections, server RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB`, ...r.notes);
  });

  await attempt('log', async () => {
    const r = await logPhase(part(built, 'log-probe'), bigFixture!);
    const { small, big } = r.pair;
    results.append_per_s_1k = Math.round(small.appends_per_s);
    results.append_per_s_1m = Math.round(big.appends_per_s);
    results.append_ratio = round(small.appends_per_s / big.appends_per_s, 2);
    // A restart: the server has run before, so its index cache is there (every line is still hashed).
    results.startup_s_1m = round(r.pair.open_ms / 1000, 2);
    results.rss_mb_1m = Math.round(Math.max(r.pair.hwm_mb, r.cold.hwm_mb));
    notes.push(
      ...r.notes,
      `log: startup_s_1m is a fresh process reopening the 1M-entry log with its index cache (every line still hash-checked); ` +
        `the very first open, with no cache, took ${(r.cold.ms / 1000).toFixed(1)} s`,
      `log: rss_mb_1m is the larger peak resident memory of those two opens (first ${r.cold.hwm_mb.toFixed(0)} MB, restart ${r.pair.hwm_mb.toFixed(0)} MB)`,
    );
  });

  notes.push(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Latency figures are only as quiet as the machine: say how busy it was.
  notes.push(`load average at start ${loadStart.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)} (on ${cpus().length} cores; other busy processes inflate the p99s)`);
  console.log(renderTable(results, notes));
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
