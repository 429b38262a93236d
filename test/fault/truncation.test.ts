/**
 * A log that lost acknowledged entries is never served shortened. The log is written by the
 * real store in batches and closed; then, at 5 random points, it is cut at a whole line and
 * in the middle of a line, with and without the saved index file (20 cuts). Every time the
 * server's start refuses (naming the file, line, byte and the seqs gone; the first cuts also
 * through a `makegood serve` process, exit 1) and `makegood log verify` fails. Also: a gap of zero bytes, a cut while the server runs
 * (appends then fail instead of writing past the cut), and `log repair --accept-loss`,
 * after which start and verify pass and the loss is an entry in the chain.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOG_FILE, openJsonlStore } from '../../server/log/jsonl-store.ts';
import { INDEX_FILE } from '../../server/log/index-snapshot.ts';
import { HEAD_FILE } from '../../server/log/durable-head.ts';
import { startServer, StartError } from '../../server/app/start-server.ts';
import { silentLogger } from '../../server/app/logger.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { emitAck, startTestServer, SMALL_RULES } from '../support/server-harness.ts';
import { addTokenCli, runCli, startServe } from '../support/fault-serve.ts';
import { connectTo, readLogFile } from '../support/fault-clients.ts';
import { recBody } from '../unit/log-fixtures.ts';

const ENTRIES = 30;
const root = mkdtempSync(join(tmpdir(), 'makegood-trunc-'));
const source = join(root, 'source');
const rules = join(root, 'gestures.yaml');
let lineStarts: number[] = [];
let whole = Buffer.alloc(0);

beforeAll(async () => {
  writeFileSync(rules, SMALL_RULES);
  const store = await openJsonlStore(source);
  // Batches of 1–4 entries, as concurrent requests make them.
  let n = 0;
  while (n < ENTRIES) {
    const size = Math.min(1 + (n % 4), ENTRIES - n);
    await Promise.all(Array.from({ length: size }, (_, i) => store.append(recBody({ description: `failure ${n + i}` }))));
    n += size;
  }
  await store.close();
  whole = readFileSync(join(source, LOG_FILE));
  lineStarts = [0];
  for (let i = 0; i < whole.length - 1; i++) if (whole[i] === 0x0a) lineStarts.push(i + 1);
  expect(lineStarts).toHaveLength(ENTRIES);
  expect(existsSync(join(source, INDEX_FILE))).toBe(true);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
function copyOf(): string {
  const dir = join(root, `copy-${++copies}`);
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** The server's own start (startServer, what `makegood serve` runs): must throw before listening. */
async function startRefused(dir: string): Promise<string> {
  const err = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: dir, rulesFile: rules, allowedOrigins: null, rateLimit: false },
    { logger: silentLogger, watch: false },
  ).then(
    async (s) => {
      await s.close();
      return new Error('the server started');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartError);
  return (err as Error).message;
}

/** `makegood serve` on dir: must exit 1 before listening. */
async function serveRefused(dir: string): Promise<string> {
  const r = await runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--rules', rules], 20_000);
  expect(r.stdout, 'the server must not listen').not.toMatch(/makegood listening/);
  expect(r.code).toBe(1);
  return r.stderr;
}

// Fixed seed: reproducible, still spread over the log.
const points = fc.sample(fc.integer({ min: 1, max: ENTRIES }), { numRuns: 5, seed: 9 });

describe('a log cut short is refused on start and fails verify', () => {
  const cases = points.flatMap((line) =>
    (['whole line', 'mid-line'] as const).flatMap((how) => ([true, false] as const).map((index) => ({ line, how, index }))),
  );
  it.each(cases.map((c, i) => ({ ...c, spawn: i < 2 })))('cut at line $line ($how, index file kept: $index)', async ({ line, how, index, spawn }) => {
    const dir = copyOf();
    const start = lineStarts[line - 1]!;
    const end = (lineStarts[line] ?? whole.length) - 1; // the newline of that line
    // Whole line: keep lines 1..line-1. Mid-line: cut somewhere inside the line (its newline included).
    const cut = how === 'whole line' ? start : start + 1 + ((line * 7919) % (end - start));
    truncateSync(join(dir, LOG_FILE), cut);
    if (!index) rmSync(join(dir, INDEX_FILE));
    const missing = line === ENTRIES ? `seq ${ENTRIES} is missing` : `seq ${line}–${ENTRIES} (${ENTRIES - line + 1} entries) are missing`;

    await expect(openJsonlStore(dir)).rejects.toThrow(missing);
    // Every cut goes through the real start; the first two also through the `makegood serve` process (exit 1).
    const [served, verify] = await Promise.all([spawn ? serveRefused(dir) : startRefused(dir), runCli(['log', 'verify', '--data', dir])]);
    expect(served).toContain(join(dir, LOG_FILE));
    expect(served).toContain(missing);
    expect(served).toMatch(how === 'whole line' ? new RegExp(`ends after line ${line - 1} at byte ${cut}`) : new RegExp(`line ${line}, byte ${start} \\(line ${line} is incomplete`));
    expect(served).toMatch(/not serving/);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    expect(verify.stderr).toContain(missing);
    // The refusal changed nothing on disk.
    expect(statSync(join(dir, LOG_FILE)).size).toBe(cut);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses a gap of zero bytes in the middle, naming its line and byte', async () => {
    const dir = copyOf();
    const bytes = readFileSync(join(dir, LOG_FILE));
    const at = lineStarts[11]!;
    bytes.fill(0, at, lineStarts[12]! - 1); // line 12 zeroed, its newline kept: as a cut and an append past the end leave it
    writeFileSync(join(dir, LOG_FILE), bytes);
    const [served, verify] = await Promise.all([serveRefused(dir), runCli(['log', 'verify', '--data', dir])]);
    expect(served).toContain(`line 12 holds zero bytes from byte ${at}: a gap`);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`line 12 holds zero bytes from byte ${at}: a gap`);
  }, 60_000);

  it('still cuts a torn tail past the durable head (a batch a crash interrupted, never acknowledged)', async () => {
    const dir = copyOf();
    writeFileSync(join(dir, LOG_FILE), Buffer.concat([whole, Buffer.from('{"hash":"0123')]));
    const verify = await runCli(['log', 'verify', '--data', dir]);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toMatch(/line 31 is incomplete .* never acknowledged/);
    const store = await openJsonlStore(dir);
    expect(store.head().count).toBe(ENTRIES);
    expect(store.report.cut).toMatchObject({ line: 31 });
    await store.close();
  });
});

describe('a log cut while the server runs', () => {
  it('fails the next appends instead of writing past the cut, keeps answering, and is refused at the next start', async () => {
    const srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: false });
    try {
      const staff = await srv.connect(srv.tokens.staff);
      const auditor = await srv.connect(srv.tokens.auditor);
      for (const id of ['a', 'b', 'c']) expect((await emitAck(staff, 'recovery:recommend', { requestId: id, description: 'cold food' })).ok).toBe(true);
      const text = readFileSync(srv.logFile);
      const third = text.lastIndexOf(0x0a, text.length - 2) + 1;
      truncateSync(srv.logFile, third + 10); // inside line 3, the last acknowledged entry
      const ack = await emitAck(staff, 'recovery:recommend', { requestId: 'd', description: 'cold food' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      // The client gets the generic message; the server's own output says what happened.
      expect(srv.logLines.join('\n')).toMatch(/recovery-log.jsonl: the file was cut to \d+ bytes while the server was running, but \d+ bytes were acknowledged; refusing to write/);
      expect(statSync(srv.logFile).size).toBe(third + 10); // nothing written past the cut: no gap
      const chain = await emitAck(auditor, 'log:chain', {});
      expect(chain).toMatchObject({ ok: true, data: { ok: false, problem: expect.stringMatching(/says 3 entries were acknowledged, so seq 3 is missing/) } });
      expect((await emitAck(auditor, 'log:query', { limit: 1, type: 'alert' })).ok).toBe(true);
    } finally {
      await srv.close();
    }
    const refused = await startServer(
      { port: 0, host: '127.0.0.1', dataDir: srv.dataDir, rulesFile: srv.rulesFile, allowedOrigins: null, rateLimit: false },
      { logger: silentLogger, watch: false },
    ).then(
      async (s) => {
        await s.close();
        return null;
      },
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(StartError);
    expect(String((refused as Error).message)).toMatch(/says 3 entries were acknowledged, so seq 3 is missing/);
  });
});

describe('makegood log repair', () => {
  it('says what it would do, changes nothing without --accept-loss, and records the loss with it', async () => {
    const dir = copyOf();
    const line = 17;
    truncateSync(join(dir, LOG_FILE), lineStarts[line - 1]! + 25); // inside line 17
    const size = statSync(join(dir, LOG_FILE)).size;
    const help = await runCli(['log', 'repair', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: makegood log repair --accept-loss --reason/);
    expect((await runCli(['log', 'repair', '--accept-loss', '--data', dir])).code).toBe(2); // no reason

    const dry = await runCli(['log', 'repair', '--data', dir]);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/nothing was changed/);
    expect(dry.stderr).toMatch(new RegExp(`lost: ${ENTRIES - line + 1} acknowledged entries \\(the durable head says ${ENTRIES}\\), from seq ${line}`));
    expect(statSync(join(dir, LOG_FILE)).size).toBe(size);

    const done = await runCli(['log', 'repair', '--accept-loss', '--reason', 'disk replaced; call 515-555-0134 for the ticket', '--data', dir]);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`recorded the loss as entry e0000${line}-[0-9a-f]{6} \\(seq ${line}\\)`));
    const entries: LogEntry[] = readLogFile(join(dir, LOG_FILE));
    expect(entries).toHaveLength(line);
    const loss = entries.at(-1)!;
    expect(loss).toMatchObject({ type: 'loss', seq: line, lost_from_seq: line, lost_count: ENTRIES - line + 1, lost_bytes: 25, reason: 'disk replaced; call [phone] for the ticket', actor: { role: 'system' } });
    if (loss.type !== 'loss') throw new Error('not a loss entry');
    expect(readFileSync(join(dir, loss.lost_file!)).toString()).toBe(whole.subarray(lineStarts[line - 1]!, lineStarts[line - 1]! + 25).toString());

    const verify = await runCli(['log', 'verify', '--data', dir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`OK: all ${line} acknowledged entries are there`);
    // Nothing left to repair; the server starts and shows the loss to auditors.
    expect((await runCli(['log', 'repair', '--data', dir])).stdout).toMatch(/nothing to repair/);
    const auditorToken = await addTokenCli(dir, 'auditor', 'Audrey', '*');
    const server = await startServe(dir, rules);
    try {
      const auditor = await connectTo(server.url, auditorToken);
      const page = await emitAck(auditor, 'log:query', { type: 'loss' });
      expect(page.ok && page.data.entries.map((e) => e.id)).toEqual([loss.id]);
      const chain = await emitAck(auditor, 'log:chain', {});
      expect(chain).toMatchObject({ ok: true, data: { ok: true, verified_count: line } });
      auditor.close();
    } finally {
      await server.stop();
    }
  }, 90_000);
});
