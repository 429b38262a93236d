/**
 * The log probe (dist/bench/log-probe.js), one job per process so each starts cold:
 *   fill DIR N          write a valid N-entry log fast (fixture-fill.ts: worker threads + the chain functions)
 *   fill-quorum DIR N ALERT_JSON SPAN_MS   the same, every entry a failure of that alert's rule
 *                       (plus the alert entry), times spanning the last SPAN_MS
 *   append-pair BIG SMALL S C   open BIG (timed), then SMALL; S seconds of durable appends in
 *                       alternating rounds on each, C in flight at a time
 *   open DIR            open the store (timed), report time and memory, close (saves the index cache)
 * Prints one JSON line on stdout with what it measured.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { openJsonlStore, type JsonlStore } from '../../server/log/jsonl-store.ts';
import type { EntryBody } from '../../server/contract/log-entry.ts';
import { entryMaker } from './entry-fixtures.ts';
import { fillLog, type FillOptions } from './fixture-fill.ts';
import { procMem } from './proc-mem.ts';

const [mode, dir, a, b, c] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function fill(n: number, opts: FillOptions = {}): Promise<void> {
  const t0 = performance.now();
  const bytes = await fillLog(fileURLToPath(import.meta.url), dir!, n, opts);
  out({ mode, entries: n, ms: performance.now() - t0, bytes });
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** One timed round of durable appends, `concurrency` in flight; returns appends per second. */
async function round(store: JsonlStore, make: (n: number) => EntryBody, ms: number, concurrency: number): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  const until = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await store.append(make(done));
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

/**
 * Opens the big log first (timed, in this fresh process: startup_s_1m and rss_mb_1m), then the
 * small one, and alternates timed rounds between them, so both see the same machine, heap and
 * moment: the ratio then shows what the log's size costs an append, not what a neighbour did.
 */
async function appendPair(smallDir: string, seconds: number, concurrency: number): Promise<void> {
  const t0 = performance.now();
  const big = await openJsonlStore(dir!);
  const openMs = performance.now() - t0;
  const mem = procMem(process.pid);
  const small = await openJsonlStore(smallDir);
  const before = { big: big.head().count, small: small.head().count };
  const make = entryMaker(99);
  // Warm up the code paths so the first rounds are not JIT time.
  for (let i = 0; i < 200; i++) {
    await big.append(make(i));
    await small.append(make(i));
  }
  const rounds = { small: [] as number[], big: [] as number[] };
  const pairs = 5;
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always gets the fresher moment.
    const order = i % 2 ? (['big', 'small'] as const) : (['small', 'big'] as const);
    for (const which of order) rounds[which].push(await round(which === 'big' ? big : small, make, (seconds * 1000) / (2 * pairs), concurrency));
  }
  await big.close();
  await small.close();
  out({
    mode,
    before,
    concurrency,
    small: { appends_per_s: median(rounds.small), rounds: rounds.small },
    big: { appends_per_s: median(rounds.big), rounds: rounds.big },
    open_ms: openMs,
    rss_mb: (mem?.rssKb ?? NaN) / 1024,
    hwm_mb: (mem?.hwmKb ?? NaN) / 1024,
  });
}

/** Opens the store once (timed) and closes it, which leaves the index cache file behind. */
async function open(): Promise<void> {
  const t0 = performance.now();
  const store = await openJsonlStore(dir!);
  const ms = performance.now() - t0;
  const mem = procMem(process.pid);
  out({ mode, count: store.head().count, ms, rss_mb: (mem?.rssKb ?? NaN) / 1024, hwm_mb: (mem?.hwmKb ?? NaN) / 1024 });
  await store.close();
}

// Worker threads of the fill run this same bundle: they only render entries (fixture-fill.ts).
const run = !isMainThread
  ? Promise.resolve()
  : mode === 'fill'
    ? fill(Number(a))
    : mode === 'fill-quorum'
      ? fill(Number(a), { alert: JSON.parse(b!) as FillOptions['alert'], spanMs: Number(c) })
      : mode === 'append-pair'
        ? appendPair(a!, Number(b), Number(c))
        : mode === 'open'
          ? open()
          : null;
if (!run) {
  console.error('usage: log-probe fill DIR N | fill-quorum DIR N ALERT_JSON SPAN_MS | append-pair BIGDIR SMALLDIR SECONDS CONCURRENCY | open DIR');
  process.exitCode = 2;
} else {
  run.catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  });
}
