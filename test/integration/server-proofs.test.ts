/**
 * The running server's side of the proofs: automatic signed checkpoints (every N entries)
 * in <data>/checkpoints and the witness directory and webhook, and `log:prove` for auditors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitAck, SMALL_RULES, startTestServer, type TestServer } from '../support/server-harness.ts';
import type { Ack } from '../../server/contract/errors.ts';
import { parseCheckpoint } from '../../server/log/checkpoint.ts';
import { parsePublicKey } from '../../server/log/checkpoint-key.ts';
import { verifyInclusionDoc } from '../../server/log/proof-doc.ts';
import { verifyLog } from '../../server/log/verify.ts';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Polls until `check` holds (no fixed sleeps): witness delivery runs after the acks. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const jsonFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();

let srv: TestServer | undefined;
let hook: Server | undefined;
let witness: string | undefined;
afterEach(async () => {
  await srv?.close();
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
  if (witness) await rm(witness, { recursive: true, force: true });
  srv = hook = witness = undefined;
});

describe('automatic signed checkpoints and log:prove', () => {
  it('writes a checkpoint every N entries to the data and witness directories and the webhook; an auditor gets a proof that verifies offline', async () => {
    const posted: string[] = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posted.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook!.listen(0, '127.0.0.1', () => r()));
    witness = await mkdtemp(join(tmpdir(), 'mg-witness-'));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/checkpoints`;
    srv = await startTestServer({ rulesText: SMALL_RULES, checkpoints: { every: 4, minutes: 0, witnessDir: witness, witnessUrl: url } });

    const staff = await srv.connect(srv.tokens.staff);
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = data(await emitAck(staff, 'recovery:recommend', { requestId: `req-${i}`, description: 'the soup cold when it came' }));
      ids.push(r.entry_id);
    }
    const inWitness = await until('two witnessed checkpoints', async () => ((await jsonFiles(witness!)).length >= 2 && posted.length >= 2 ? jsonFiles(witness!) : undefined));
    const local = await jsonFiles(join(srv.dataDir, 'checkpoints'));
    expect(local).toEqual(inWitness);
    const first = parseCheckpoint(await readFile(join(witness, inWitness[0]!), 'utf8'), inWitness[0]!);
    if (!first.ok || !first.checkpoint.signed) throw new Error('witness file is not a signed checkpoint');
    expect(first.checkpoint.count % 4).toBe(0);
    expect(JSON.parse(posted[0]!)).toEqual(first.checkpoint.signed);
    // The witnessed checkpoint holds for the log on disk.
    expect(verifyLog(srv.logFile, { checkpoint: first.checkpoint }).ok).toBe(true);

    const auditor = await srv.connect(srv.tokens.auditor);
    const proof = data(await emitAck(auditor, 'log:prove', { id: ids[2]! }));
    expect(proof.filename).toBe(`proof-${ids[2]}.json`);
    const key = parsePublicKey(proof.public_key, 'public_key');
    if (!key.ok) throw new Error(key.message);
    expect(key.keyId).toBe(proof.key_id);
    const doc = JSON.parse(proof.content);
    const r = verifyInclusionDoc(doc, doc.checkpoint, { publicKey: key.publicKey, keyId: key.keyId }, 'proof', 'checkpoint');
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    // The entry line in the proof is the line on disk, byte for byte.
    const onDisk = (await readFile(srv.logFile, 'utf8')).split('\n');
    expect(doc.entry.line).toBe(onDisk[doc.entry.seq - 1]);

    // The newest entry is past every checkpoint so far: a new one is made (and witnessed) for it.
    const last = data(await emitAck(auditor, 'log:prove', { id: ids[8]! }));
    const lastDoc = JSON.parse(last.content);
    expect(lastDoc.checkpoint.count).toBeGreaterThanOrEqual(lastDoc.entry.seq);
    expect(verifyInclusionDoc(lastDoc, lastDoc.checkpoint, { publicKey: key.publicKey, keyId: key.keyId }, 'proof', 'checkpoint').ok).toBe(true);
  }, 120_000);

  it('after a restart, the checkpoints cover the entries already on disk (the tree is rebuilt from the file)', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, checkpoints: { every: 0, minutes: 0 } });
    const dataDir = srv.dataDir;
    let staff = await srv.connect(srv.tokens.staff);
    for (let i = 0; i < 3; i++) data(await emitAck(staff, 'recovery:recommend', { requestId: `before-${i}`, description: 'cold food' }));
    await srv.close();
    srv = await startTestServer({ rulesText: SMALL_RULES, dataDir, checkpoints: { every: 2, minutes: 0 } });
    staff = await srv.connect(srv.tokens.staff);
    for (let i = 0; i < 4; i++) data(await emitAck(staff, 'recovery:recommend', { requestId: `after-${i}`, description: 'soup cold' }));
    const files = await until('two checkpoints', async () => ((await jsonFiles(join(dataDir, 'checkpoints'))).length >= 2 ? jsonFiles(join(dataDir, 'checkpoints')) : undefined));
    for (const f of files) {
      const cp = parseCheckpoint(await readFile(join(dataDir, 'checkpoints', f), 'utf8'), f);
      if (!cp.ok || !cp.checkpoint.signed) throw new Error(`${f} is not a signed checkpoint`);
      expect(cp.checkpoint.count).toBeGreaterThan(3);
      // Root, subtrees and head all agree with the log on disk.
      expect(verifyLog(srv.logFile, { checkpoint: cp.checkpoint })).toMatchObject({ ok: true });
    }
  }, 120_000);

  it('log:prove is for auditors, names unknown ids, and a witness that is down never fails an append', async () => {
    witness = await mkdtemp(join(tmpdir(), 'mg-witness-'));
    // Nothing listens on this port (a server bound and closed again).
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    srv = await startTestServer({ rulesText: SMALL_RULES, checkpoints: { every: 2, minutes: 0, witnessUrl: `http://127.0.0.1:${port}/` } });
    const staff = await srv.connect(srv.tokens.staff);
    for (let i = 0; i < 4; i++) data(await emitAck(staff, 'recovery:recommend', { requestId: `down-${i}`, description: 'cold food again' }));
    const warned = await until('the witness failure to be logged', async () => srv!.logLines.find((l) => l.includes('did not take checkpoint')));
    expect(warned).toMatch(/witness failure/);
    expect(await jsonFiles(join(srv.dataDir, 'checkpoints'))).not.toHaveLength(0);

    const manager = await srv.connect(srv.tokens.manager);
    const forbidden = await emitAck(manager, 'log:prove', { id: 'e000001-abcdef' });
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('forbidden');
    const auditor = await srv.connect(srv.tokens.auditor);
    const missing = await emitAck(auditor, 'log:prove', { id: 'e000999-abcdef' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', path: 'id' } });
    const bad = await emitAck(auditor, 'log:prove', { id: 42 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  }, 120_000);
});
