/**
 * Writes a valid N-entry recovery log fast, for the 1M-entry figures. The chain is
 * sequential (each hash covers the previous one) but building and serialising the entries
 * is not: worker threads render each entry's canonical JSON with a placeholder where `prev`
 * goes, and the main thread only hashes, links and writes. The workers prove on a sample that
 * their bytes are exactly what hash-chain.ts seal() would store; the store re-checks every
 * line's hash and link when the bench opens the file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { canonicalJson } from '../../server/log/canonical-json.ts';
import { GENESIS, HASH_PREFIX, seal, sha256Hex, type Unsealed } from '../../server/log/hash-chain.ts';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import type { EntryBody } from '../../server/contract/log-entry.ts';
import { entryMaker, quorumMaker, type QuorumAlert } from './entry-fixtures.ts';

const CHUNK = 5_000;
/** Chunks a worker may run ahead of the writer: bounds memory to a few tens of MB. */
const AHEAD = 4;
const PLACEHOLDER = 'q'.repeat(64);
const PREV_AT = `"prev":"${PLACEHOLDER}"`;
const CHAIN_KEYS = new Set(['at', 'id', 'prev', 'seq']);

interface Job {
  worker: number;
  workers: number;
  n: number;
  start: number;
  step: number;
  /** Set: every entry is a failure of this alert's rule (quorumMaker); else realistic recoveries. */
  alert?: QuorumAlert;
}

export interface FillOptions {
  /** Build a quorum log for this alert (entry-fixtures.ts quorumMaker). */
  alert?: QuorumAlert;
  /** The entries' times end now and span this long (default 90 days). */
  spanMs?: number;
}

/** A stable id for any seq, so a worker can name the entry before its chunk (decisions refer to it). */
export function idOf(seq: number): string {
  let h = Math.imul(seq ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return `e${String(seq).padStart(6, '0')}-${(h & 0xffffff).toString(16).padStart(6, '0')}`;
}

const keyOrders = new Map<string, string[]>();
/** The unsealed entry with its keys in canonical (sorted) order, so JSON.stringify gives canonical JSON. */
function unsealed(body: EntryBody, chain: { at: string; id: string; prev: string; seq: number }): Record<string, unknown> {
  const shape = Object.keys(body).join(',');
  let keys = keyOrders.get(shape);
  if (!keys) keyOrders.set(shape, (keys = [...Object.keys(body), ...CHAIN_KEYS].sort()));
  const o: Record<string, unknown> = {};
  for (const k of keys) o[k] = CHAIN_KEYS.has(k) ? chain[k as keyof typeof chain] : body[k as keyof EntryBody];
  return o;
}

/** Worker side: renders its share of chunks as [before, after] pairs around `prev`. */
async function renderChunks(job: Job): Promise<void> {
  let credits = AHEAD;
  let wake: (() => void) | null = null;
  parentPort!.on('message', () => {
    credits++;
    wake?.();
  });
  for (let k = job.worker; k * CHUNK < job.n; k += job.workers) {
    if (credits === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    credits--;
    const make = job.alert ? quorumMaker(1_000 + k, job.alert, idOf) : entryMaker(1_000 + k);
    const parts: string[] = [];
    const end = Math.min(job.n, (k + 1) * CHUNK);
    for (let seq = k * CHUNK + 1; seq <= end; seq++) {
      const u = unsealed(make(seq, seq > 1 ? idOf(seq - 1) : undefined), {
        at: new Date(job.start + seq * job.step).toISOString(),
        id: idOf(seq),
        prev: PLACEHOLDER,
        seq,
      });
      const body = JSON.stringify(u);
      if (seq <= 2_000 || seq % 10_007 === 0) {
        // Trust the fast path only where it provably gives the store's own bytes.
        if (body !== canonicalJson(u) || seal(u as unknown as Unsealed).line !== `${HASH_PREFIX}${sha256Hex(body)}",${body.slice(1)}`) {
          throw new Error(`fixture: fast sealing differs from hash-chain.ts at seq ${seq}; update test/bench/fixture-fill.ts`);
        }
      }
      const at = body.indexOf(PREV_AT) + 8;
      parts.push(body.slice(1, at), body.slice(at + 64));
    }
    parentPort!.postMessage({ k, parts });
  }
}

if (parentPort && (workerData as { fixtureJob?: Job } | null)?.fixtureJob) {
  renderChunks((workerData as { fixtureJob: Job }).fixtureJob).catch((err: unknown) => {
    throw err;
  });
}

/** Main side: starts the workers, hashes and links in order, writes. Returns bytes written. */
export async function fillLog(script: string, dir: string, n: number, opts: FillOptions = {}): Promise<number> {
  await mkdir(dir, { recursive: true });
  const workers = Math.max(1, Math.min(4, cpus().length));
  const span = opts.spanMs ?? 90 * 86_400_000; // by default spread over the last 90 days, in order
  const start = Date.now() - span;
  const step = span / n;
  const ready = new Map<number, string[]>();
  let waiting: { k: number; resolve: (p: string[]) => void } | null = null;
  let failed: Error | null = null;
  let fail: ((e: Error) => void) | null = null;
  const pool = Array.from({ length: workers }, (_, w) => {
    const worker = new Worker(script, { workerData: { fixtureJob: { worker: w, workers, n, start, step, ...(opts.alert ? { alert: opts.alert } : {}) } } });
    worker.on('message', (m: { k: number; parts: string[] }) => {
      if (waiting?.k === m.k) {
        const { resolve } = waiting;
        waiting = null;
        resolve(m.parts);
      } else ready.set(m.k, m.parts);
    });
    worker.on('error', (e) => {
      failed = e;
      fail?.(e);
    });
    return worker;
  });
  const chunk = (k: number) =>
    new Promise<string[]>((resolve, reject) => {
      if (failed) return reject(failed);
      const have = ready.get(k);
      if (have) {
        ready.delete(k);
        return resolve(have);
      }
      waiting = { k, resolve };
      fail = reject;
    });

  const stream = createWriteStream(join(dir, LOG_FILE));
  let prev = GENESIS;
  try {
    for (let k = 0; k * CHUNK < n; k++) {
      const parts = await chunk(k);
      pool[k % workers]!.postMessage('credit');
      const lines: string[] = [];
      for (let i = 0; i < parts.length; i += 2) {
        const hash = createHash('sha256').update('{').update(parts[i]!).update(prev).update(parts[i + 1]!).digest('hex');
        lines.push(`${HASH_PREFIX}${hash}",${parts[i]}${prev}${parts[i + 1]}`);
        prev = hash;
      }
      if (!stream.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
  return stream.bytesWritten;
}
