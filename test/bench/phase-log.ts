/**
 * The log at 1,000 and at 1,000,000 entries: durable appends per second on each (alternating
 * rounds in one process, so both see the same moment), and what it takes a fresh process to
 * open the big one (time and peak memory): first with no index cache file (a full parse),
 * then again as a restart does, with the cache the first open left.
 *
 * The 1M fixture (~0.9 GB) takes 10–60 s to write depending on how busy the machine is, so
 * main starts it early (during the idle phase, which measures memory, not time) and it is kept
 * in the temp dir between runs with a stamp saying what it holds; the appends a run adds are cut
 * off again afterwards so the next run starts from the same million. `--fresh` rebuilds it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import { INDEX_FILE } from '../../server/log/index-snapshot.ts';
import type { LogPlan } from './plan.ts';
import { progress } from './progress.ts';

const run = promisify(execFile);
/** Bump when entry-fixtures.ts or the fill changes, so an old fixture is not reused. */
const FIXTURE_VERSION = 2;
/** Where an N-entry fixture is kept between runs (the 1M one keeps its first name). */
const fixtureDir = (entries: number) => join(tmpdir(), entries === 1_000_000 ? 'makegood-bench-log-1m' : `makegood-bench-log-${entries}`);

export interface PairRun {
  before: { big: number; small: number };
  small: { appends_per_s: number; rounds: number[] };
  big: { appends_per_s: number; rounds: number[] };
  open_ms: number;
  rss_mb: number;
  hwm_mb: number;
}

export interface Fixture {
  dir: string;
  bytes: number;
  /** null when reused from an earlier run. */
  seconds: number | null;
}

export interface ColdOpen {
  ms: number;
  rss_mb: number;
  hwm_mb: number;
}

export interface HugeOpen {
  entries: number;
  /** A restart's open (with the index cache), and the first open when this run had to make the cache. */
  open: ColdOpen;
  first: ColdOpen | null;
}

export interface LogFigures {
  pair: PairRun;
  /** The 3M log (plan.huge) opened as a restart does; null when not asked for. */
  huge: HugeOpen | null;
  /** A fresh process opening the big log with no index cache file: the full scan. */
  cold: ColdOpen;
  fixture: Fixture;
  notes: string[];
}

async function probe(script: string, args: string[], timeoutMs = 170_000): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [script, ...args], { maxBuffer: 1 << 20, timeout: timeoutMs });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
}

/** Back to exactly the fixture: appended entries cut off, and the index cache (which knew them) dropped. */
function restore(dir: string, bytes: number): void {
  truncateSync(join(dir, LOG_FILE), bytes);
  rmSync(join(dir, INDEX_FILE), { force: true });
}

/**
 * Makes (or reuses) an N-entry log in `dir`. `keepIndex`: a fixture nothing appends to keeps
 * its index cache between runs (the big one's appends are cut off, so its cache is dropped).
 */
async function fixture(script: string, dir: string, entries: number, fresh: boolean, keepIndex = false): Promise<Fixture> {
  const stampFile = join(dir, 'fixture.json');
  const file = join(dir, LOG_FILE);
  if (!fresh && existsSync(stampFile) && existsSync(file)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { version: number; entries: number; bytes: number };
    if (stamp.version === FIXTURE_VERSION && stamp.entries === entries && statSync(file).size >= stamp.bytes) {
      if (!keepIndex || statSync(file).size !== stamp.bytes) restore(dir, stamp.bytes);
      return { dir, seconds: null, bytes: stamp.bytes };
    }
  }
  await rm(dir, { recursive: true, force: true });
  // The 3M fill can take minutes on a busy machine; it happens once, then the fixture is reused.
  const r = await probe(script, ['fill', dir, String(entries)], 900_000);
  writeFileSync(stampFile, JSON.stringify({ version: FIXTURE_VERSION, entries, bytes: r.bytes }));
  return { dir, seconds: Number(r.ms) / 1000, bytes: Number(r.bytes) };
}

/** Starts preparing the 1M fixture; the log phase awaits it before measuring anything. */
export function prepareBigFixture(script: string, fresh: boolean, plan: LogPlan): Promise<Fixture> {
  progress(`log: ${fresh ? 'writing' : 'preparing'} the ${plan.big.toLocaleString('en-US')}-entry fixture in ${fixtureDir(plan.big)} (in the background)`);
  return fixture(script, fixtureDir(plan.big), plan.big, fresh);
}

/** The 3M fixture, after `before` (the 1M one: two fills at once would only slow both). */
export async function prepareHugeFixture(script: string, fresh: boolean, plan: LogPlan, before: Promise<unknown>): Promise<Fixture> {
  await before.catch(() => {});
  progress(`log: ${fresh ? 'writing' : 'preparing'} the ${plan.huge.toLocaleString('en-US')}-entry fixture in ${fixtureDir(plan.huge)} (in the background)`);
  return fixture(script, fixtureDir(plan.huge), plan.huge, fresh, true);
}

/** Opens the 3M log as a restart does; the first run makes its index cache with a first open. */
async function openHuge(script: string, fix: Fixture, entries: number): Promise<HugeOpen> {
  let first: ColdOpen | null = null;
  if (!existsSync(join(fix.dir, INDEX_FILE))) {
    first = (await probe(script, ['open', fix.dir])) as unknown as ColdOpen;
    progress(`log: first open of ${entries.toLocaleString('en-US')} entries (making the index cache) in ${(first.ms / 1000).toFixed(1)} s (peak RSS ${first.hwm_mb.toFixed(0)} MB)`);
  }
  const open = (await probe(script, ['open', fix.dir])) as unknown as ColdOpen;
  progress(`log: restart of ${entries.toLocaleString('en-US')} entries in ${(open.ms / 1000).toFixed(1)} s (peak RSS ${open.hwm_mb.toFixed(0)} MB)`);
  return { entries, open, first };
}

export async function logPhase(script: string, big: Promise<Fixture>, huge: Promise<Fixture> | null, plan: LogPlan): Promise<LogFigures> {
  const smallDir = await mkdtemp(join(tmpdir(), 'makegood-bench-log-'));
  try {
    const fix = await big;
    progress(`log: fixture ready (${(fix.bytes / 1e6).toFixed(0)} MB${fix.seconds === null ? ', reused from an earlier run' : `, written in ${fix.seconds.toFixed(1)} s`})`);
    await fixture(script, smallDir, plan.small, true);
    // First start: no index cache, every line parsed. Closing leaves the cache a restart uses.
    const cold = (await probe(script, ['open', fix.dir])) as unknown as ColdOpen;
    progress(`log: first open of ${plan.big.toLocaleString('en-US')} entries (no index cache) in ${(cold.ms / 1000).toFixed(1)} s (peak RSS ${cold.hwm_mb.toFixed(0)} MB)`);
    const pair = (await probe(script, ['append-pair', fix.dir, smallDir, String(plan.seconds), String(plan.concurrency)])) as unknown as PairRun;
    // Leave the big fixture as it was for the next run.
    restore(fix.dir, fix.bytes);
    progress(`log: restart with the index cache in ${(pair.open_ms / 1000).toFixed(1)} s (peak RSS ${pair.hwm_mb.toFixed(0)} MB)`);
    progress(`log: ${pair.small.appends_per_s.toFixed(0)} appends/s at ${pair.before.small} entries, ${pair.big.appends_per_s.toFixed(0)} at ${pair.before.big}`);
    const notes = [
      `log: appends with ${plan.concurrency} in flight (group commit), medians of 5 rounds alternating between the two logs in one process ` +
        `(1k: ${pair.small.rounds.map((r) => r.toFixed(0)).join(', ')}; 1M: ${pair.big.rounds.map((r) => r.toFixed(0)).join(', ')})`,
      `log: the ${plan.big.toLocaleString('en-US')}-entry fixture is ${(fix.bytes / 1e6).toFixed(0)} MB of realistic entries${fix.seconds === null ? ' (reused)' : `, written in ${fix.seconds.toFixed(0)} s`}`,
    ];
    let hugeOpen: HugeOpen | null = null;
    if (huge) {
      const h = await huge;
      hugeOpen = await openHuge(script, h, plan.huge);
      notes.push(
        `log: the ${plan.huge.toLocaleString('en-US')}-entry fixture is ${(h.bytes / 1e6).toFixed(0)} MB${h.seconds === null ? ' (reused)' : `, written in ${h.seconds.toFixed(0)} s`}; ` +
          `a restart opened it in ${(hugeOpen.open.ms / 1000).toFixed(1)} s, peak RSS ${hugeOpen.open.hwm_mb.toFixed(0)} MB` +
          (hugeOpen.first ? ` (its first open, making the index cache, took ${(hugeOpen.first.ms / 1000).toFixed(1)} s, ${hugeOpen.first.hwm_mb.toFixed(0)} MB)` : ''),
      );
    }
    return { pair, huge: hugeOpen, cold, fixture: fix, notes };
  } finally {
    await rm(smallDir, { recursive: true, force: true });
  }
}
