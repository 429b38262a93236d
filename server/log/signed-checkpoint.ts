/**
 * Signed checkpoints: `{ count, root, head, at, key_id, sig, subtrees }`.
 *
 * - count: entries in the log; root: RFC 6962 Merkle root over them (merkle.ts; leaf i is
 *   SHA-256(0x00 || entry i+1's `hash` as 32 bytes)); head: the hash chain's last hash
 *   ("0"×64 when empty); at: ISO time; key_id: which key signed (checkpoint-key.ts).
 * - sig: Ed25519 over the exact bytes of checkpointMessage() (hex, 128 digits), so the
 *   signature can be checked with any Ed25519 tool, e.g. openssl pkeyutl -verify -rawin.
 * - subtrees: the hashes of the perfect subtrees the tree is made of (left to right, one per
 *   1-bit of count). Not signed separately: they must fold into the signed root. `log verify`
 *   uses them to say which block of entries a rewrite touched.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { foldSubtrees, hashFromHex, toHex } from './merkle.ts';

export interface SignedCheckpoint {
  count: number;
  root: string;
  head: string;
  at: string;
  key_id: string;
  sig: string;
  subtrees: string[];
}

export type CheckpointFields = Omit<SignedCheckpoint, 'sig' | 'key_id'>;

/** The bytes that are signed: one line per field, fixed order, a format label first. */
export function checkpointMessage(c: Pick<SignedCheckpoint, 'count' | 'root' | 'head' | 'at' | 'key_id'>): Buffer {
  return Buffer.from(`makegood checkpoint v1\ncount ${c.count}\nroot ${c.root}\nhead ${c.head}\nat ${c.at}\nkey ${c.key_id}\n`, 'utf8');
}

export function signCheckpoint(fields: CheckpointFields, key: { privateKey: KeyObject; keyId: string }): SignedCheckpoint {
  const unsigned = { count: fields.count, root: fields.root, head: fields.head, at: fields.at, key_id: key.keyId };
  const sig = sign(null, checkpointMessage(unsigned), key.privateKey).toString('hex');
  return { ...unsigned, sig, subtrees: [...fields.subtrees] };
}

/** Undefined when `cp` was signed by this key; otherwise why not. */
export function signatureProblem(cp: SignedCheckpoint, key: { publicKey: KeyObject; keyId: string }, source: string): string | undefined {
  if (cp.key_id !== key.keyId) return `${source}: signed by key ${cp.key_id}, not by the given key ${key.keyId}`;
  let good = false;
  try {
    good = verify(null, checkpointMessage(cp), key.publicKey, Buffer.from(cp.sig, 'hex'));
  } catch {
    good = false;
  }
  return good ? undefined : `${source}: the signature does not match its contents (the checkpoint was altered or not signed by key ${key.keyId})`;
}

/** The checkpoint as a file: fixed field order, two-space JSON, newline. */
export function checkpointText(cp: SignedCheckpoint): string {
  const { count, root, head, at, key_id, sig, subtrees } = cp;
  return `${JSON.stringify({ count, root, head, at, key_id, sig, subtrees }, null, 2)}\n`;
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const SIGNED_KEYS = new Set(['count', 'root', 'head', 'at', 'key_id', 'sig', 'subtrees']);

/** Checks the shape of a signed checkpoint document (not its signature). */
export function parseSignedCheckpoint(doc: Record<string, unknown>, source: string): { ok: true; checkpoint: SignedCheckpoint } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message: `${source}: ${message}` });
  const unknown = Object.keys(doc).filter((k) => !SIGNED_KEYS.has(k));
  if (unknown.length) return bad(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (a signed checkpoint has ${[...SIGNED_KEYS].join(', ')})`);
  const { count, root, head, at, key_id, sig, subtrees } = doc;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return bad('"count" must be a whole number ≥ 0');
  if (typeof root !== 'string' || !HEX64.test(root)) return bad('"root" must be 64 lowercase hex digits');
  if (typeof head !== 'string' || !HEX64.test(head)) return bad('"head" must be 64 lowercase hex digits');
  if (typeof at !== 'string' || !ISO_RE.test(at) || !Number.isFinite(Date.parse(at))) return bad('"at" must be an ISO time like 2026-01-31T12:00:00.000Z');
  if (typeof key_id !== 'string' || !/^[0-9a-f]{16}$/.test(key_id)) return bad('"key_id" must be 16 lowercase hex digits');
  if (typeof sig !== 'string' || !/^[0-9a-f]{128}$/.test(sig)) return bad('"sig" must be 128 lowercase hex digits (an Ed25519 signature)');
  let list: string[] = [];
  if (subtrees !== undefined) {
    if (!Array.isArray(subtrees) || !subtrees.every((s) => typeof s === 'string' && HEX64.test(s))) return bad('"subtrees" must be a list of 64-hex-digit hashes');
    list = subtrees as string[];
    const want = count.toString(2).split('').filter((b) => b === '1').length;
    if (list.length !== want) return bad(`"subtrees" has ${list.length} hashes; a tree of ${count} entries is made of ${want}`);
    if (toHex(foldSubtrees(list.map((h) => hashFromHex(h)!))) !== root) return bad('"subtrees" do not fold into "root" (altered)');
  }
  return { ok: true, checkpoint: { count, root, head, at, key_id, sig, subtrees: list } };
}

/** Signs the state of a log: `subtrees` from a Frontier or a MerkleTree at `count`. */
export function makeSignedCheckpoint(
  state: { count: number; head: string; subtrees: readonly Uint8Array[] },
  key: { privateKey: KeyObject; keyId: string },
  now = new Date(),
): SignedCheckpoint {
  return signCheckpoint(
    { count: state.count, root: toHex(foldSubtrees(state.subtrees)), head: state.count === 0 ? '0'.repeat(64) : state.head, at: now.toISOString(), subtrees: state.subtrees.map(toHex) },
    key,
  );
}
