/**
 * The log at 1,000 and at 1,000,000 entries: durable appends per second, and what it takes
 * to open the big one in a fresh process (time and peak memory).
 *
 * The 1M fixture (~0.9 GB) takes 10–20 s to write, so it is kept in the temp dir between runs
 * with a stamp saying what it holds; the appends a run adds are cut off again afterwards so
 * the next run starts from the same million. `--fresh` rebuilds it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import { LOG } from './plan.ts';
import { progress } from './progress.ts';

const run = promisify(execFile);
/** Bump when entry-fixtures.ts or the fill changes, so an old fixture is not reused. */
const FIXTURE_VERSION = 2;

export interface AppendRun {
  before: number;
  appends_per_s: number;
  rounds: number[];
  open_ms: number;
  rss_mb: number;
  hwm_mb: number;
}

export interface LogFigures {
  small: AppendRun;
  big: AppendRun;
  fillSeconds: number | null;
  notes: string[];
}

async function probe(script: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [script, ...args], { maxBuffer: 1 << 20, timeout: 170_000 });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

async function fixture(script: string, dir: string, entries: number, fresh: boolean): Promise<{ seconds: number | null; bytes: number }> {
  const stampFile = join(dir, 'fixture.json');
  const file = join(dir, LOG_FILE);
  if (!fresh && existsSync(stampFile) && existsSync(file)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { version: number; entries: number; bytes: number };
    if (stamp.version === FIXTURE_VERSION && stamp.entries === entries && statSync(file).size >= stamp.bytes) {
      truncateSync(file, stamp.bytes);
      return { seconds: null, bytes: stamp.bytes };
    }
  }
  await rm(dir, { recursive: true, force: true });
  const r = await probe(script, ['fill', dir, String(entries)]);
  writeFileSync(stampFile, JSON.stringify({ version: FIXTURE_VERSION, entries, bytes: r.bytes }));
  return { seconds: Number(r.ms) / 1000, bytes: Number(r.bytes) };
}

export async function logPhase(script: string, fresh: boolean): Promise<LogFigures> {
  const notes: string[] = [];
  const smallDir = await mkdtemp(join(tmpdir(), 'makegood-bench-log-'));
  const bigDir = join(tmpdir(), 'makegood-bench-log-1m');
  try {
    await fixture(script, smallDir, LOG.small, true);
    const small = (await probe(script, ['append', smallDir, String(LOG.seconds), String(LOG.concurrency)])) as unknown as AppendRun;
    progress(`log: ${small.appends_per_s.toFixed(0)} appends/s with ${small.before} entries`);

    progress(`log: ${fresh ? 'writing' : 'preparing'} the ${LOG.big.toLocaleString('en-US')}-entry fixture in ${bigDir}`);
    const fill = await fixture(script, bigDir, LOG.big, fresh);
    progress(
      `log: fixture ready (${(fill.bytes / 1e6).toFixed(0)} MB${fill.seconds === null ? ', reused from an earlier run' : `, written in ${fill.seconds.toFixed(1)} s`})`,
    );
    const big = (await probe(script, ['append', bigDir, String(LOG.seconds), String(LOG.concurrency)])) as unknown as AppendRun;
    progress(`log: opened ${big.before} entries in ${(big.open_ms / 1000).toFixed(1)} s (peak RSS ${big.hwm_mb.toFixed(0)} MB); ${big.appends_per_s.toFixed(0)} appends/s`);
    // Leave the fixture as it was for the next run.
    truncateSync(join(bigDir, LOG_FILE), fill.bytes);
    notes.push(
      `log: appends measured with ${LOG.concurrency} concurrent appenders (group commit), median of 3 rounds; ` +
        `1M fixture ${(fill.bytes / 1e6).toFixed(0)} MB of realistic entries`,
    );
    return { small, big, fillSeconds: fill.seconds, notes };
  } finally {
    await rm(smallDir, { recursive: true, force: true });
  }
}
