/**
 * The log probe (dist/bench/log-probe.js), one job per process so each starts cold:
 *   fill DIR N          write a valid N-entry log directly with the chain functions (fast)
 *   append DIR S C      open the store, then S seconds of durable appends, C in flight at a time
 *   open DIR            open the store and report time and memory
 * Prints one JSON line on stdout with what it measured.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GENESIS, HASH_PREFIX, seal, sha256Hex, type Unsealed } from '../../server/log/hash-chain.ts';
import { LOG_FILE, openJsonlStore } from '../../server/log/jsonl-store.ts';
import type { EntryBody } from '../../server/contract/log-entry.ts';
import { entryMaker } from './entry-fixtures.ts';
import { rng } from './descriptions.ts';
import { procMem } from './proc-mem.ts';

const [mode, dir, a, b] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const rssMb = () => process.memoryUsage().rss / 1048576;

const CHAIN_KEYS = new Set(['at', 'id', 'prev', 'seq']);
const keyOrders = new Map<string, string[]>();

/** Adds the chain fields at their sorted places, keeping the object's keys in canonical order. */
function withChain(body: EntryBody, chain: { at: string; id: string; prev: string; seq: number }): Record<string, unknown> {
  const shape = Object.keys(body).join(',');
  let keys = keyOrders.get(shape);
  if (!keys) keyOrders.set(shape, (keys = [...Object.keys(body), ...CHAIN_KEYS].sort()));
  const o: Record<string, unknown> = {};
  for (const k of keys) o[k] = CHAIN_KEYS.has(k) ? chain[k as keyof typeof chain] : body[k as keyof EntryBody];
  return o;
}

async function fill(n: number): Promise<void> {
  await mkdir(dir!, { recursive: true });
  const t0 = performance.now();
  const stream = createWriteStream(join(dir!, LOG_FILE));
  const make = entryMaker(7);
  const r = rng(11);
  let prev = GENESIS;
  let previousId: string | undefined;
  // Spread the entries over the last 90 days, in order, as a real log would be.
  const start = Date.now() - 90 * 86_400_000;
  const step = (90 * 86_400_000) / n;
  let chunk: string[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const id = `e${String(seq).padStart(6, '0')}-${Math.floor(r() * 0xffffff).toString(16).padStart(6, '0')}`;
    const unsealed = withChain(make(seq, previousId), { at: new Date(start + seq * step).toISOString(), id, prev, seq });
    const body = JSON.stringify(unsealed);
    // Trust the fast path only where it provably gives the store's own bytes.
    if (seq <= 2_000 || seq % 10_007 === 0) {
      const real = seal(unsealed as unknown as Unsealed);
      if (real.line !== `${HASH_PREFIX}${sha256Hex(body)}",${body.slice(1)}`) {
        throw new Error(`fill: fast sealing differs from hash-chain.ts seal() at seq ${seq}; update log-probe`);
      }
    }
    prev = sha256Hex(body);
    previousId = id;
    chunk.push(`${HASH_PREFIX}${prev}",${body.slice(1)}`);
    if (chunk.length === 5_000 || seq === n) {
      if (!stream.write(`${chunk.join('\n')}\n`)) await new Promise<void>((res) => stream.once('drain', () => res()));
      chunk = [];
    }
  }
  await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
  out({ mode, entries: n, ms: performance.now() - t0, bytes: stream.bytesWritten });
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

const run = mode === 'fill' ? fill(Number(a)) : mode === 'append' ? append(Number(a), Number(b)) : mode === 'open' ? open() : null;
if (!run) {
  console.error('usage: log-probe fill DIR N | append DIR SECONDS CONCURRENCY | open DIR');
  process.exitCode = 2;
} else {
  run.catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  });
}
