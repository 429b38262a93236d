import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE } from '../../server/log/jsonl-store.ts';
import { recBody, decisionBody } from '../unit/log-fixtures.ts';

let dir: string;
let path: string;
let headHash: string;

/** Runs the built CLI (global setup builds dist/ once). */
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['dist/makegood.js', 'log', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mg-logcli-'));
  path = join(dir, LOG_FILE);
  let day = 18;
  const store = await openJsonlStore(dir, { now: () => new Date(`2026-11-${day}T12:00:00Z`) });
  for (const location of ['austin', 'boston', 'austin']) {
    const r = await store.append(recBody({ location, description: `=1+1 at ${location}` }));
    await store.append(decisionBody(r.id, 'accepted', { location }));
    day++;
  }
  headHash = store.head().hash;
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makegood log verify', () => {
  it('passes a good log with the count and head', () => {
    const r = cli(['verify', '--data', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`OK: 6 entries, head ${headHash.slice(0, 12)}`);
  });

  it('reads DATA_DIR when --data is not given', () => {
    expect(cli(['verify'], { DATA_DIR: dir }).code).toBe(0);
  });

  it('fails naming the first bad entry in a tampered copy', () => {
    const copy = mkdtempSync(join(tmpdir(), 'mg-logcli-t-'));
    try {
      const lines = readFileSync(path, 'utf8').split('\n');
      lines[2] = lines[2]!.replace('boston', 'bostan');
      writeFileSync(join(copy, LOG_FILE), lines.join('\n'));
      const r = cli(['verify', '--data', copy]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('FAILED: line 3 (seq 3) does not match its hash');
      expect(r.err).toContain('2 entries verified before it');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('says so when there is no log', () => {
    const r = cli(['verify', '--data', join(dir, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no recovery log at');
  });

  it('refuses unknown options and arguments with exit 2', () => {
    expect(cli(['verify', '--dat', dir]).code).toBe(2);
    expect(cli(['verify', 'extra', '--data', dir]).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('has --help everywhere', () => {
    for (const sub of [[], ['verify'], ['checkpoint'], ['export']]) {
      const r = cli([...sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: makegood log/);
    }
  });
});

describe('makegood log checkpoint + verify --since-checkpoint', () => {
  it('proves growth, and catches a cut-off entry', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'mg-logcli-c-'));
    const cpFile = join(copy, 'cp.json');
    try {
      writeFileSync(join(copy, LOG_FILE), readFileSync(path));
      const cp = cli(['checkpoint', '--data', copy, '--out', cpFile]);
      expect(cp.code).toBe(0);
      expect(JSON.parse(cp.out)).toMatchObject({ count: 6, head: headHash });
      expect(JSON.parse(readFileSync(cpFile, 'utf8'))).toEqual(JSON.parse(cp.out));

      const store = await openJsonlStore(copy);
      await store.append(recBody());
      await store.close();
      const grown = cli(['verify', '--data', copy, '--since-checkpoint', cpFile]);
      expect(grown.code).toBe(0);
      expect(grown.out).toContain('only grew since the checkpoint');

      const lines = readFileSync(join(copy, LOG_FILE), 'utf8').split('\n').filter(Boolean);
      writeFileSync(join(copy, LOG_FILE), lines.slice(0, 5).map((l) => `${l}\n`).join(''));
      // The durable head the store keeps beside the log knew 7 entries: the cut is caught first.
      const cut = cli(['verify', '--data', copy, '--since-checkpoint', cpFile]);
      expect(cut.code).toBe(1);
      expect(cut.err).toMatch(/durable head .* says 7 entries were acknowledged, so seq 6–7 \(2 entries\) are missing/);
      // Without the head file (a copy of the log alone) the checkpoint still catches it.
      rmSync(join(copy, 'recovery-log.head'));
      const cutNoHead = cli(['verify', '--data', copy, '--since-checkpoint', cpFile]);
      expect(cutNoHead.code).toBe(1);
      expect(cutNoHead.err).toMatch(/the log has 5 entries but the checkpoint .* had 6: seq 6 is gone \(truncated\)/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses a checkpoint file that is not one, with exit 2', () => {
    const bad = join(dir, 'bad-cp.json');
    writeFileSync(bad, '{"count":"six"}');
    const r = cli(['verify', '--data', dir, '--since-checkpoint', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"count" must be a whole number');
  });
});

describe('makegood log export', () => {
  it('writes neutralised CSV filtered by location and dates', () => {
    const r = cli(['export', '--format', 'csv', '--location', 'austin', '--since', '2026-11-20', '--until', '2026-11-20', '--data', dir]);
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe('at,id,location,staff,description,rule,recommended_gesture,recommended_value,gesture,value,needs_approval,approval,outcome,reaction,corrections,rules_version,hash');
    expect(rows[1]).toContain(",'=1+1 at austin,");
    expect(rows[1]).toContain(',accepted,satisfied,');
  });

  it('writes JSON to --out', () => {
    const out = join(dir, 'export.json');
    const r = cli(['export', '--format', 'json', '--until', '2026-11-18', '--out', out, '--data', dir]);
    expect(r.code).toBe(0);
    const entries = JSON.parse(readFileSync(out, 'utf8'));
    expect(entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(r.err).toContain('wrote 2 entries');
  });

  it.each([
    [['--format', 'xml'], '--format: must be csv or json, got "xml"'],
    [[], '--format is required'],
    [['--format', 'csv', '--since', '2026-13-01'], '--since: not a date: 2026-13-01 (use YYYY-MM-DD or an ISO time)'],
    [['--format', 'csv', '--until', '2026-02-30'], '--until: not a date: 2026-02-30'],
    [['--format', 'csv', '--since', 'yesterday'], '--since: not a date: yesterday'],
    [['--format', 'csv', '--since', '2026-11-21', '--until', '2026-11-20'], 'is after --until'],
    [['--format', 'csv', '--location', ' '], '--location: must not be empty'],
  ])('refuses %j with exit 2', (args, message) => {
    const r = cli(['export', ...args, '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
