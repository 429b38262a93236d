/**
 * The log probe (dist/bench/log-probe.js), one job per process so each starts cold:
 *   fill DIR N          write a valid N-entry log fast (fixture-fill.ts: worker threads + the chain functions)
 *   append DIR S C      open the store, then S seconds of durable appends, C in flight at a time
 *   open DIR            open the store and report time and memory
 * Prints one JSON line on stdout with what it measured.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { openJsonlStore } from '../../server/log/jsonl-store.ts';
import { entryMaker } from './entry-fixtures.ts';
import { fillLog } from './fixture-fill.ts';
import { procMem } from './proc-mem.ts';

const [mode, dir, a, b] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const rssMb = () => process.memoryUsage().rss / 1048576;

async function fill(n: number): Promise<void> {
  const t0 = performance.now();
  const bytes = await fillLog(fileURLToPath(import.meta.url), dir!, n);
  out({ mode, entries: n, ms: performance.now() - t0, bytes });
}

async function append(seconds: number, concurrency: number): Promise<void> {
  const t0 = performance.now();
  const store = await openJsonlStore(dir!);
  const openMs = performance.now() - t0;
  const mem = procMem(process.pid);
  const before = store.head().count;
  const make = entryMaker(99);
  // Warm up the code paths so the first fsyncs are not JIT time.
  for (let i = 0; i < 200; i++) await store.append(make(i));
  // Three timed rounds, median taken: one slow fsync burst from a neighbour should not decide.
  const rounds: number[] = [];
  let n = 0;
  for (let round = 0; round < 3; round++) {
    let done = 0;
    const t1 = performance.now();
    const until = t1 + (seconds * 1000) / 3;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await store.append(make(++n));
          done++;
        }
      }),
    );
    rounds.push(done / ((performance.now() - t1) / 1000));
  }
  await store.close();
  const median = [...rounds].sort((x, y) => x - y)[1]!;
  out({ mode, before, concurrency, appends_per_s: median, rounds, open_ms: openMs, rss_mb: (mem?.rssKb ?? NaN) / 1024, hwm_mb: (mem?.hwmKb ?? NaN) / 1024 });
}

async function open(): Promise<void> {
  const t0 = performance.now();
  const store = await openJsonlStore(dir!);
  const ms = performance.now() - t0;
  out({ mode, count: store.head().count, ms, rss_mb: rssMb() });
  await store.close();
}

// Worker threads of the fill run this same bundle: they only render entries (fixture-fill.ts).
const run = !isMainThread ? Promise.resolve() : mode === 'fill' ? fill(Number(a)) : mode === 'append' ? append(Number(a), Number(b)) : mode === 'open' ? open() : null;
if (!run) {
  console.error('usage: log-probe fill DIR N | append DIR SECONDS CONCURRENCY | open DIR');
  process.exitCode = 2;
} else {
  run.catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  });
}
