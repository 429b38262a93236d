import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKey, parsePublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../server/log/checkpoint-key.ts';
import { checkpointMessage, checkpointText, makeSignedCheckpoint, signatureProblem } from '../../server/log/signed-checkpoint.ts';
import { parseCheckpoint } from '../../server/log/checkpoint.ts';
import { entryLeafHash, MerkleTree, toHex } from '../../server/log/merkle.ts';
import { readConfig } from '../../server/config.ts';
import { CheckpointWatch } from '../../server/log/checkpoint-watch.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mg-cpkey-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const hashes = Array.from({ length: 11 }, (_, i) => (i + 1).toString(16).padStart(64, 'c'));
const tree = MerkleTree.of(hashes.map(entryLeafHash));

describe('the checkpoint key', () => {
  it('is created on first use, private key mode 0600, and the same key afterwards', () => {
    const a = loadOrCreateKey(dir);
    expect(a.notes.join()).toMatch(/created a new checkpoint signing key/);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(a.publicPem);
    const b = loadOrCreateKey(dir);
    expect(b.keyId).toBe(a.keyId);
    expect(b.notes).toEqual([]);
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('tightens a private key file others can read, and refuses one that is not a key', () => {
    loadOrCreateKey(dir);
    chmodSync(join(dir, PRIVATE_KEY_FILE), 0o644);
    expect(loadOrCreateKey(dir).notes.join()).toMatch(/readable by others; set to mode 0600/);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, PRIVATE_KEY_FILE), 'not a key');
    expect(() => loadOrCreateKey(dir)).toThrow(/checkpoint-key\.pem: not a private key in PEM form/);
  });

  it('parses public keys strictly, naming the source', () => {
    const k = loadOrCreateKey(dir);
    expect(parsePublicKey(k.publicPem, 'k.pem')).toMatchObject({ ok: true, keyId: k.keyId });
    expect(parsePublicKey('garbage', 'k.pem')).toMatchObject({ ok: false, message: expect.stringMatching(/^k\.pem: not a public key/) });
  });
});

describe('signed checkpoints', () => {
  it('sign the exact message bytes (checkable with any Ed25519 tool) and parse back whole', () => {
    const key = loadOrCreateKey(dir);
    const cp = makeSignedCheckpoint({ count: 11, head: hashes[10]!, subtrees: tree.subtrees() }, key, new Date('2026-12-01T10:00:00.000Z'));
    expect(cp).toMatchObject({ count: 11, root: toHex(tree.root()), head: hashes[10], at: '2026-12-01T10:00:00.000Z', key_id: key.keyId });
    expect(cp.subtrees).toHaveLength(3); // 11 = 8 + 2 + 1
    expect(checkpointMessage(cp).toString()).toBe(`makegood checkpoint v1\ncount 11\nroot ${cp.root}\nhead ${cp.head}\nat ${cp.at}\nkey ${key.keyId}\n`);
    expect(verify(null, checkpointMessage(cp), key.publicKey, Buffer.from(cp.sig, 'hex'))).toBe(true);
    const parsed = parseCheckpoint(checkpointText(cp), 'cp.json');
    expect(parsed).toMatchObject({ ok: true, checkpoint: { count: 11, hash: cp.head, at: cp.at, signed: cp } });
    expect(signatureProblem(cp, key, 'cp.json')).toBeUndefined();
  });

  it('fail the signature when any signed field changes, and another key is named', () => {
    const key = loadOrCreateKey(dir);
    const cp = makeSignedCheckpoint({ count: 11, head: hashes[10]!, subtrees: tree.subtrees() }, key);
    for (const forged of [{ ...cp, count: 10 }, { ...cp, head: hashes[9]! }, { ...cp, at: '2020-01-01T00:00:00.000Z' }, { ...cp, root: hashes[0]! }]) {
      expect(signatureProblem(forged, key, 'cp.json')).toMatch(/signature does not match its contents/);
    }
    const other = loadOrCreateKey(mkdtempSync(join(dir, 'other-')));
    expect(signatureProblem(cp, other, 'cp.json')).toMatch(new RegExp(`signed by key ${cp.key_id}, not by the given key ${other.keyId}`));
  });

  it.each([
    [{ root: 'AB'.repeat(32) }, /"root" must be 64 lowercase hex digits/],
    [{ sig: 'ab' }, /"sig" must be 128 lowercase hex digits/],
    [{ key_id: 'x' }, /"key_id"/],
    [{ at: 'yesterday' }, /"at" must be an ISO time/],
    [{ count: 2.5 }, /"count" must be a whole number/],
    [{ extra: 1 }, /unknown field "extra"/],
    [{ subtrees: ['ab'.repeat(32)] }, /"subtrees" has 1 hashes; a tree of 11 entries is made of 3/],
  ])('refuse a malformed field %j with a message naming it', (change, why) => {
    const key = loadOrCreateKey(dir);
    const cp = { ...makeSignedCheckpoint({ count: 11, head: hashes[10]!, subtrees: tree.subtrees() }, key), ...change };
    const r = parseCheckpoint(JSON.stringify(cp), 'cp.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });

  it('refuse subtrees that do not fold into the signed root', () => {
    const key = loadOrCreateKey(dir);
    const cp = makeSignedCheckpoint({ count: 11, head: hashes[10]!, subtrees: tree.subtrees() }, key);
    const r = parseCheckpoint(JSON.stringify({ ...cp, subtrees: [cp.subtrees[1], cp.subtrees[0], cp.subtrees[2]] }), 'cp.json');
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/do not fold into "root"/) });
  });

  it('leave the old unsigned form readable', () => {
    expect(parseCheckpoint(JSON.stringify({ count: 3, hash: 'a'.repeat(64), at: '2026-11-18T10:00:00.000Z' }), 'old.json')).toEqual({
      ok: true,
      checkpoint: { count: 3, hash: 'a'.repeat(64), at: '2026-11-18T10:00:00.000Z' },
    });
  });
});

describe('checkpoint settings', () => {
  it('default to every 1,000 entries and 60 minutes, and are validated by name', () => {
    const ok = readConfig({}, {});
    expect(ok.ok && ok.config.checkpoints).toEqual({ every: 1000, minutes: 60 });
    const set = readConfig({}, { CHECKPOINT_EVERY: '50', CHECKPOINT_MINUTES: '0', WITNESS_DIR: '/mnt/witness', WITNESS_URL: 'https://witness.example/cp' });
    expect(set.ok && set.config.checkpoints).toEqual({ every: 50, minutes: 0, witnessDir: '/mnt/witness', witnessUrl: 'https://witness.example/cp' });
    const bad = readConfig({ 'checkpoint-every': 'lots' }, { WITNESS_URL: 'ftp://x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toContain('--checkpoint-every: "lots" should be a whole number 0–10000000 (0 turns it off)');
      expect(bad.problems).toContain('WITNESS_URL: "ftp://x" is not an http(s) URL');
    }
  });
});

describe('locating a rewrite against checkpoints (CheckpointWatch)', () => {
  const N = 100;
  const original = Array.from({ length: N }, (_, i) => (i + 1).toString(16).padStart(64, 'd'));
  const rewrittenFrom = (k: number) => original.map((h, i) => (i + 1 >= k ? h.replace(/^d/, 'e') : h));

  function checkpointsAt(counts: number[], key: ReturnType<typeof loadOrCreateKey>) {
    const t = MerkleTree.of(original.map(entryLeafHash));
    return counts.map((count) => {
      const signed = makeSignedCheckpoint({ count, head: original[count - 1]!, subtrees: t.subtrees(count) }, key);
      return { count, hash: signed.head, at: signed.at, signed };
    });
  }

  function locate(k: number, cps: ReturnType<typeof checkpointsAt>) {
    const watch = new CheckpointWatch(cps);
    for (const h of rewrittenFrom(k)) watch.add(h);
    return watch.result();
  }

  it('narrows to the block between checkpoints (every 10 entries: at most 10 seqs), always holding the first altered entry', () => {
    const cps = checkpointsAt([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], loadOrCreateKey(dir));
    for (let k = 1; k <= N; k++) {
      const r = locate(k, cps)!;
      expect(r.from, `k=${k}`).toBeLessThanOrEqual(k);
      expect(r.to, `k=${k}`).toBeGreaterThanOrEqual(k);
      expect(r.to - r.from, `k=${k}`).toBeLessThan(10);
    }
  });

  it('names the exact entry when checkpoints are dense enough, and uses subtrees with a single one', () => {
    const key = loadOrCreateKey(dir);
    const every = checkpointsAt(Array.from({ length: N }, (_, i) => i + 1), key);
    for (const k of [1, 37, 64, 65, 100]) expect(locate(k, every)).toMatchObject({ from: k, to: k });
    // One checkpoint of 100 = 64 + 32 + 4: a change at 70 lies in the subtree of seq 65–96.
    const single = checkpointsAt([100], key);
    expect(locate(70, single)).toMatchObject({ from: 65, to: 96 });
    expect(locate(99, single)).toMatchObject({ from: 97, to: 100 });
    expect(locate(1, single)).toMatchObject({ from: 1, to: 64 });
    // Nothing rewritten: nothing located.
    const watch = new CheckpointWatch(single);
    for (const h of original) watch.add(h);
    expect(watch.result()).toBeUndefined();
  });
});
