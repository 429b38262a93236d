/**
 * Proofs an auditor checks without trusting the server: signed checkpoints, inclusion
 * proofs verified offline (1,000 random entries; any altered byte fails), and a whole-chain
 * rewrite after a witnessed checkpoint caught by `log consistency` and `log verify`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { openJsonlStore, LOG_FILE } from '../../server/log/jsonl-store.ts';
import { seal } from '../../server/log/hash-chain.ts';
import { readLogTree } from '../../server/log/log-tree.ts';
import { loadOrCreateKey, parsePublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../server/log/checkpoint-key.ts';
import { writeCheckpointFile } from '../../server/log/witness.ts';
import { parseCheckpoint } from '../../server/log/checkpoint.ts';
import { makeSignedCheckpoint, type SignedCheckpoint } from '../../server/log/signed-checkpoint.ts';
import { buildInclusionProof, verifyInclusionDoc, type VerifyKey } from '../../server/log/proof-doc.ts';
import { recBody, decisionBody } from '../unit/log-fixtures.ts';

const ENTRIES = 1200;
let dir: string;
let logFile: string;
let cpFile: string;
let pubFile: string;
let checkpoint: SignedCheckpoint;
let key: VerifyKey;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/makegood.js', 'log', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const logLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** Rewrites entry `seq` and re-hashes every entry after it, as an attacker with the file would. */
function rewriteFrom(lines: string[], seq: number): string[] {
  let prev = seq === 1 ? '0'.repeat(64) : (JSON.parse(lines[seq - 2]!) as { hash: string }).hash;
  return lines.map((line, i) => {
    if (i + 1 < seq) return line;
    const { hash: _h, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const s = seal({ ...rest, prev, ...(i + 1 === seq ? { at: '2020-01-01T00:00:00.000Z' } : {}) } as unknown as Parameters<typeof seal>[0]);
    prev = s.entry.hash;
    return s.line;
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mg-proof-'));
  logFile = join(dir, LOG_FILE);
  const store = await openJsonlStore(dir);
  for (let i = 0; i < ENTRIES / 2; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, async (_, j) => {
        const r = await store.append(recBody({ location: j % 2 ? 'austin' : 'boston', description: `a cold room, café ${i + j} "quoted" \\ back` }));
        await store.append(decisionBody(r.id, 'accepted'));
      }),
    );
  }
  await store.close();
  cpFile = join(dir, 'cp.json');
  pubFile = join(dir, 'auditor-copy.pub.pem');
  const made = cli(['checkpoint', '--data', dir, '--out', cpFile]);
  expect(made.code, made.err).toBe(0);
  const parsed = parseCheckpoint(made.out, 'stdout');
  if (!parsed.ok || !parsed.checkpoint.signed) throw new Error('log checkpoint did not print a signed checkpoint');
  checkpoint = parsed.checkpoint.signed;
  const k = cli(['key', '--data', dir, '--out', pubFile]);
  expect(k.code, k.err).toBe(0);
  const pk = parsePublicKey(k.out, 'log key');
  if (!pk.ok) throw new Error(pk.message);
  key = { publicKey: pk.publicKey, keyId: pk.keyId };
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makegood log checkpoint and key', () => {
  it('signs the count, Merkle root and head with a key kept private in the data directory', () => {
    expect(checkpoint.count).toBe(ENTRIES);
    expect(checkpoint.head).toBe((JSON.parse(logLines(logFile).at(-1)!) as { hash: string }).hash);
    expect(checkpoint.key_id).toBe(key.keyId);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(readFileSync(pubFile, 'utf8'));
    expect(readFileSync(pubFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('has --help for every proof command and exit 2 for bad arguments', () => {
    for (const sub of ['checkpoint', 'key', 'prove', 'verify-proof', 'consistency']) {
      const r = cli([sub, '--help']);
      expect(r.code, sub).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: makegood log ${sub}`));
    }
    expect(cli(['prove', '--data', dir]).err).toContain('ENTRY_ID is required');
    expect(cli(['prove', 'not-an-id', '--data', dir]).code).toBe(2);
    const noKey = cli(['verify-proof', cpFile]);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('--key PUBKEY is required');
    expect(cli(['consistency', cpFile]).code).toBe(2);
  }, 120_000);
});

describe('inclusion proofs', () => {
  it('makegood log prove → verify-proof holds with only the proof, the checkpoint and the key; an altered proof fails with exit 1', () => {
    const lines = logLines(logFile);
    const id = (JSON.parse(lines[416]!) as { id: string }).id;
    const proofFile = join(dir, 'proof.json');
    const made = cli(['prove', id, '--checkpoint', cpFile, '--data', dir, '--out', proofFile]);
    expect(made.code, made.err).toBe(0);
    const proof = JSON.parse(made.out);
    expect(proof).toMatchObject({ entry: { seq: 417, id, line: lines[416] }, leaf_index: 416, tree_size: ENTRIES });

    // The auditor's side: a directory with no log in it.
    const auditor = mkdtempSync(join(tmpdir(), 'mg-auditor-'));
    try {
      for (const f of [proofFile, cpFile, pubFile]) copyFileSync(f, join(auditor, f.split('/').at(-1)!));
      const ok = cli(['verify-proof', join(auditor, 'proof.json'), '--checkpoint', join(auditor, 'cp.json'), '--key', join(auditor, 'auditor-copy.pub.pem')]);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain(`OK: entry ${id} (seq 417) is in the log of 1,200 entries`);

      const altered = { ...proof, path: proof.path.map((h: string, i: number) => (i === 3 ? `${h.slice(0, 10)}${h[10] === '0' ? '1' : '0'}${h.slice(11)}` : h)) };
      writeFileSync(join(auditor, 'bad.json'), JSON.stringify(altered));
      const bad = cli(['verify-proof', join(auditor, 'bad.json'), '--checkpoint', join(auditor, 'cp.json'), '--key', join(auditor, 'auditor-copy.pub.pem')]);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('FAILED');
      expect(bad.err).toContain('does not lead from entry seq 417 to the root');

      // A checkpoint signed by another key is refused, whatever the proof says.
      const other = cli(['key', '--data', auditor]);
      writeFileSync(join(auditor, 'other.pem'), other.out);
      const wrongKey = cli(['verify-proof', join(auditor, 'proof.json'), '--key', join(auditor, 'other.pem')]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.err).toMatch(/signed by key [0-9a-f]{16}, not by the given key/);
    } finally {
      rmSync(auditor, { recursive: true, force: true });
    }
  }, 120_000);

  it('1,000 random entries: every proof verifies offline, and any altered byte in the proof or the entry fails', () => {
    const tree = readLogTree(logFile);
    expect(tree.problem).toBeUndefined();
    const lines = logLines(logFile);
    let verified = 0;
    let alteredCaught = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: ENTRIES }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (seq, at, lineAt, delta) => {
        const line = lines[seq - 1]!;
        const id = (JSON.parse(line) as { id: string }).id;
        const text = JSON.stringify(buildInclusionProof(tree.tree, { seq, id, line }, checkpoint));
        const good = verifyInclusionDoc(JSON.parse(text), checkpoint, key, 'proof', 'cp');
        expect(good.ok, good.ok ? '' : good.message).toBe(true);
        verified++;

        // Any byte of the proof document, changed to any other byte.
        const bytes = Buffer.from(text, 'utf8');
        const i = at % bytes.length;
        bytes[i] = (bytes[i]! + delta) % 256;
        let doc: unknown;
        try {
          doc = JSON.parse(bytes.toString('utf8'));
        } catch {
          doc = undefined; // not even JSON any more: fails (the CLI says "not JSON", exit 1)
        }
        if (doc !== undefined) {
          const r = verifyInclusionDoc(doc, checkpoint, key, 'proof', 'cp');
          expect(r.ok, `byte ${i} of the proof of seq ${seq} changed by ${delta} still verified`).toBe(false);
        }
        // Any byte of the entry line itself, inside a well-formed proof.
        const lineBytes = Buffer.from(line, 'utf8');
        const j = lineAt % lineBytes.length;
        lineBytes[j] = (lineBytes[j]! + delta) % 256;
        const forgedLine = lineBytes.toString('utf8');
        if (forgedLine !== line) {
          const forged = { ...JSON.parse(text), entry: { seq, id, line: forgedLine } };
          expect(verifyInclusionDoc(forged, checkpoint, key, 'proof', 'cp').ok, `byte ${j} of line ${seq}`).toBe(false);
        }
        alteredCaught++;
      }),
      { numRuns: 1000 },
    );
    expect(verified).toBe(1000);
    expect(alteredCaught).toBe(1000);
  }, 120_000);

  it('a checkpoint with any field altered fails its signature', () => {
    for (const field of ['count', 'root', 'head', 'at'] as const) {
      const forged = { ...checkpoint } as Record<string, unknown>;
      forged[field] = field === 'count' ? checkpoint.count - 1 : field === 'at' ? '2020-01-01T00:00:00.000Z' : checkpoint.head === checkpoint[field] ? checkpoint.root : checkpoint.head;
      const proof = buildInclusionProof(readLogTree(logFile).tree, { seq: 1, id: (JSON.parse(logLines(logFile)[0]!) as { id: string }).id, line: logLines(logFile)[0]! }, checkpoint);
      const r = verifyInclusionDoc({ ...proof, checkpoint: forged }, forged as unknown as SignedCheckpoint, key, 'proof', 'cp');
      expect(r.ok, field).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/signature does not match/);
    }
  });
});

describe('a whole-chain rewrite after a witnessed checkpoint', () => {
  // Four rewrite points (first entry, a random one, the checkpoint's last, one just after a
  // power of two) × the two commands: each must be caught, every time.
  it.each([1, 1 + Math.floor(Math.random() * (ENTRIES - 1)), ENTRIES, 1025])('rewritten from seq %i: caught by log consistency and log verify, which name where', (seq) => {
    const copy = mkdtempSync(join(tmpdir(), 'mg-rewrite-'));
    const witness = join(copy, 'witness');
    try {
      mkdirSync(witness);
      for (const f of [LOG_FILE, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]) copyFileSync(join(dir, f), join(copy, f));
      copyFileSync(cpFile, join(witness, 'old.json'));
      // The attacker holds the server: rewrites history and signs a fresh checkpoint of it.
      writeFileSync(join(copy, LOG_FILE), rewriteFrom(logLines(logFile), seq).map((l) => `${l}\n`).join(''));
      expect(cli(['verify', '--data', copy]).code, 'the chain alone cannot see a full rewrite').toBe(0);
      const fresh = cli(['checkpoint', '--data', copy, '--out', join(copy, 'new.json')]);
      expect(fresh.code).toBe(0);

      const c = cli(['consistency', join(witness, 'old.json'), join(copy, 'new.json'), '--data', copy, '--key', pubFile]);
      expect(c.code).toBe(1);
      expect(c.err).toContain('the log was rewritten');

      const v = cli(['verify', '--data', copy, '--since-checkpoint', join(witness, 'old.json'), '--key', pubFile]);
      expect(v.code).toBe(1);
      expect(v.err).toMatch(/rewritten since the checkpoint/);
      // The range named holds the rewritten entry.
      const m = /first altered entry is (?:line (\d+) \(seq \d+\)|one of seq ([\d,]+)–([\d,]+))/.exec(v.err);
      expect(m, v.err).not.toBeNull();
      const from = Number((m![1] ?? m![2]!).replace(/,/g, ''));
      const to = Number((m![1] ?? m![3]!).replace(/,/g, ''));
      expect(from).toBeLessThanOrEqual(seq);
      expect(to).toBeGreaterThanOrEqual(seq);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it('with a witness directory of checkpoints every 100 entries, verify narrows the rewrite to the 100 entries around it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'mg-witnessdir-'));
    const witness = join(copy, 'witness');
    try {
      mkdirSync(witness);
      for (const f of [LOG_FILE, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]) copyFileSync(join(dir, f), join(copy, f));
      // The witness got a checkpoint every 100 entries as the log grew (signed with the server's key).
      const tree = readLogTree(logFile);
      const serverKey = loadOrCreateKey(dir);
      for (let count = 100; count <= ENTRIES; count += 100) {
        writeCheckpointFile(witness, makeSignedCheckpoint({ count, head: tree.hashAt(count), subtrees: tree.tree.subtrees(count) }, serverKey));
      }
      const seq = 650;
      writeFileSync(join(copy, LOG_FILE), rewriteFrom(logLines(logFile), seq).map((l) => `${l}\n`).join(''));
      const v = cli(['verify', '--data', copy, '--since-checkpoint', cpFile, '--checkpoints', witness, '--key', pubFile]);
      expect(v.code).toBe(1);
      expect(v.err).toContain('12 signed checkpoints from');
      const m = /first altered entry is one of seq ([\d,]+)–([\d,]+)/.exec(v.err);
      expect(m, v.err).not.toBeNull();
      const [from, to] = [Number(m![1]!.replace(/,/g, '')), Number(m![2]!.replace(/,/g, ''))];
      expect(from).toBeLessThanOrEqual(seq);
      expect(to).toBeGreaterThanOrEqual(seq);
      expect(from).toBeGreaterThan(600);
      expect(to).toBeLessThanOrEqual(700);
      // A forged checkpoint in the witness directory is refused, not trusted.
      const forged = JSON.parse(readFileSync(join(witness, readdirSync(witness)[0]!), 'utf8'));
      writeFileSync(join(witness, 'forged.json'), JSON.stringify({ ...forged, at: '2020-01-01T00:00:00.000Z' }));
      const refused = cli(['verify', '--data', copy, '--checkpoints', witness, '--key', pubFile]);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/signature does not match its contents/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it('an honest log that only grew passes log consistency, and the proof it writes checks without the log', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'mg-grew-'));
    try {
      for (const f of [LOG_FILE, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]) copyFileSync(join(dir, f), join(copy, f));
      const store = await openJsonlStore(copy);
      for (let i = 0; i < 37; i++) await store.append(recBody({ description: `later ${i}` }));
      await store.close();
      expect(cli(['checkpoint', '--data', copy, '--out', join(copy, 'new.json')]).code).toBe(0);
      const c = cli(['consistency', cpFile, join(copy, 'new.json'), '--data', copy, '--key', pubFile, '--out', join(copy, 'cons.json')]);
      expect(c.code, c.err).toBe(0);
      expect(c.out).toContain('OK: the log only grew from 1,200 entries');
      expect(c.out).toContain('to 1,237');
      const offline = cli(['consistency', cpFile, join(copy, 'new.json'), '--proof', join(copy, 'cons.json'), '--key', pubFile]);
      expect(offline.code, offline.err).toBe(0);
      // Swapped order: the new checkpoint is not a prefix of the old.
      expect(cli(['consistency', join(copy, 'new.json'), cpFile, '--proof', join(copy, 'cons.json'), '--key', pubFile]).code).toBe(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});
