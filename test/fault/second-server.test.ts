/**
 * Two servers on one data directory. The first `makegood serve` holds the directory lock
 * (makegood.lock); while it is under load from several clients, a second `makegood serve`
 * and a writing CLI (`log repair`) are refused at once, naming the first process. Nothing
 * the first acknowledged is lost, the log verifies. After kill -9 the lock is stale: the
 * next server takes it over and says whose it was.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import { LOCK_FILE } from '../../server/log/data-lock.ts';
import type { ClientSocket } from '../support/server-harness.ts';
import { emitAck, SMALL_RULES } from '../support/server-harness.ts';
import { connectTo, readLogFile, recommendationRequestIds } from '../support/fault-clients.ts';
import { addTokenCli, runCli, startServe, type ServeProcess } from '../support/fault-serve.ts';

const CLIENTS = 4;
const PER_CLIENT = 100;
const LANES = 4;

describe('a second server on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'makegood-second-'));
  const rulesFile = join(dataDir, 'gestures.yaml');
  const tokens: string[] = [];
  let first: ServeProcess | undefined;
  let third: ServeProcess | undefined;
  beforeAll(async () => {
    writeFileSync(rulesFile, SMALL_RULES);
    for (let i = 0; i < CLIENTS; i++) tokens.push(await addTokenCli(dataDir, 'staff', `Second ${i}`, `loc-${i}`));
  });
  let passed = false;
  afterAll(async () => {
    await first?.stop();
    await third?.stop();
    if (passed) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`second-server test failed: data dir kept at ${dataDir}`);
  });

  it('is refused at once, naming the first, while the first loses nothing under load', async () => {
    first = await startServe(dataDir, rulesFile, ['--rate-limit', 'off']);
    const pid = first.child.pid!;
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; command: string };
    expect(lock).toMatchObject({ pid, command: 'makegood serve' });

    const sockets: ClientSocket[] = await Promise.all(tokens.map((t) => connectTo(first!.url, t)));
    const acked = new Set<string>();
    let sent = 0;
    let loadDone = false;
    const load = Promise.all(
      sockets.flatMap((s, c) =>
        Array.from({ length: LANES }, async (_, lane) => {
          for (let i = lane; i < PER_CLIENT; i += LANES) {
            const requestId = `c${c}-${i}`;
            sent++;
            const ack = await emitAck(s, 'recovery:recommend', { requestId, description: 'the room was not ready at check-in' }, 15_000);
            expect(ack.ok, `${requestId}: ${JSON.stringify(ack)}`).toBe(true);
            if (ack.ok) acked.add(requestId);
          }
        }),
      ),
    ).finally(() => (loadDone = true));

    // While the load runs: a second server and a writing command, each refused at once.
    const attempts: string[] = [];
    while (!loadDone || attempts.length < 2) {
      if (attempts.length >= 3) break;
      const second = await startServe(dataDir, rulesFile, ['--rate-limit', 'off']).then(
        async (s) => {
          await s.stop();
          return 'listening';
        },
        (err: Error) => err.message,
      );
      attempts.push(second);
      expect(second).toMatch(/exited \(1\) before listening/);
      expect(second).toMatch(new RegExp(`refusing to start: data directory .* is in use by pid ${pid} on .*\\("makegood serve", since`));
    }
    expect(sent, 'the refusals happened under load').toBeGreaterThan(0);
    const repair = await runCli(['log', 'repair', '--accept-loss', '--reason', 'test', '--data', dataDir]);
    expect(repair.code).toBe(1);
    expect(repair.stderr).toMatch(new RegExp(`in use by pid ${pid}`));
    await load;
    for (const s of sockets) s.close();

    expect(acked.size).toBe(CLIENTS * PER_CLIENT);
    const entries = readLogFile(join(dataDir, LOG_FILE));
    const logged = new Set(recommendationRequestIds(entries));
    expect([...acked].filter((id) => !logged.has(id)), 'acknowledged entries missing').toEqual([]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const verify = await runCli(['log', 'verify', '--data', dataDir]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // kill -9: the lock stays behind, stale. The next server takes it over and says so.
    await first.kill9();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(pid);
    third = await startServe(dataDir, rulesFile);
    expect(third.output()).toMatch(new RegExp(`took over the stale lock of pid ${pid} on `));
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(third.child.pid);
    await third.stop();
    // A clean stop releases it.
    expect(() => readFileSync(join(dataDir, LOCK_FILE))).toThrow(/ENOENT/);
    passed = true;
  }, 180_000);
});
