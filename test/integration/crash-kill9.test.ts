/**
 * Acknowledge only what is durable: the real CLI server under load is killed with
 * SIGKILL mid-write, restarted, and every entry whose ack reached a client must be
 * in the log, once, with the chain intact (`makegood log verify` exits 0).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { appRoot } from '../../server/app/app-root.ts';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { emitAck, type ClientSocket } from '../support/server-harness.ts';

const ROOT = appRoot();
const CLI = join(ROOT, 'dist/makegood.js');
const CLIENTS = 4;
const IN_FLIGHT = 6;
const KILL_AFTER_ACKS = 120;

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, '--rules', 'rules/gestures.yaml', '--rate-limit', 'off'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /makegood listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

function connect(url: string, token: string): Promise<ClientSocket> {
  const s = ioClient(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false }) as ClientSocket;
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

async function readLog(dataDir: string): Promise<LogEntry[]> {
  const text = await readFile(join(dataDir, LOG_FILE), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogEntry);
}

describe('kill -9 under load', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('every acknowledged entry survives, once, and the chain verifies', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-kill9-'));
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const r = cli(['token', 'add', '--role', 'staff', '--name', `Desk ${i}`, '--location', i % 2 ? 'des-moines' : 'pasadena', '--data', dataDir]);
      expect(r.status, r.stderr).toBe(0);
      const secret = /secret \(shown once, store it now\): (mg_\S+)/.exec(r.stdout)?.[1];
      expect(secret).toBeDefined();
      tokens.push(secret!);
    }

    const first = await serve(dataDir);
    children.push(first.child);
    const sockets = await Promise.all(tokens.map((t) => connect(first.url, t)));

    // Acked answers: token index + requestId → entry_id.
    const acked = new Map<string, { client: number; requestId: string; entryId: string }>();
    const sent: { client: number; requestId: string }[] = [];
    let killed = false;
    let seq = 0;
    const descriptions = ['parts for the booked repair were never ordered', 'the room was not ready and they waited an hour', 'soup came out cold', 'car wash bay was closed'];

    const died = exited(first.child);
    const workers = sockets.flatMap((socket, client) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        while (!killed) {
          const requestId = `c${client}-${seq++}`;
          sent.push({ client, requestId });
          const ack = await emitAck(socket, 'recovery:recommend', { requestId, description: descriptions[seq % descriptions.length] }, 3000).catch(() => null);
          if (ack?.ok) {
            acked.set(`${client}/${requestId}`, { client, requestId, entryId: ack.data.entry_id });
            if (acked.size >= KILL_AFTER_ACKS && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          } else if (ack === null || !socket.connected) {
            break; // the server is gone
          }
        }
      }),
    );
    await Promise.all(workers);
    expect(await died).toBeNull(); // killed by a signal, not exited
    for (const s of sockets) s.close();
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    // Requests were in flight when it died: the kill really was mid-load.
    expect(sent.length).toBeGreaterThan(acked.size);

    // Restart on the same data: it must open the log (cutting a torn tail if there is one).
    const second = await serve(dataDir);
    children.push(second.child);
    expect(second.output()).toMatch(/log: \d+ entries/);

    const entries = await readLog(dataDir);
    const recs = entries.filter((e): e is Extract<LogEntry, { type: 'recommendation' }> => e.type === 'recommendation');
    const byId = new Map(recs.map((e) => [e.id, e]));
    for (const a of acked.values()) {
      const e = byId.get(a.entryId);
      expect(e, `acked ${a.requestId} (${a.entryId}) missing after the crash`).toBeDefined();
      expect(e!.request_id).toBe(a.requestId);
    }
    const keys = recs.map((e) => `${e.actor.token_id}/${e.request_id}`);
    expect(new Set(keys).size).toBe(keys.length);

    // Retrying everything that was sent (acked or not) after the restart adds nothing twice.
    const again = await Promise.all(tokens.map((t) => connect(second.url, t)));
    const sample = sent.filter((_, i) => i % 5 === 0 || i >= sent.length - CLIENTS * IN_FLIGHT);
    for (const s of sample) {
      const ack = await emitAck(again[s.client]!, 'recovery:recommend', { requestId: s.requestId, description: 'soup came out cold' });
      expect(ack.ok).toBe(true);
      const before = acked.get(`${s.client}/${s.requestId}`);
      if (before && ack.ok) expect(ack.data.entry_id).toBe(before.entryId);
    }
    for (const s of again) s.close();
    const after = (await readLog(dataDir)).filter((e) => e.type === 'recommendation');
    const keysAfter = after.map((e) => `${e.actor.token_id}/${e.request_id}`);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);

    const verify = cli(['log', 'verify', '--data', dataDir]);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 90_000);
});
