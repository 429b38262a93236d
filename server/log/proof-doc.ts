/**
 * Inclusion and consistency proofs as JSON documents an auditor keeps, and their
 * verifiers, which need nothing but the document, a signed checkpoint and the public key.
 *
 * Inclusion: `{ entry: { seq, id, line }, leaf_index, tree_size, path, checkpoint }`.
 * Checked: the checkpoint's signature; the line hashes to the `hash` it claims (every byte
 * of the line counts) and is entry `seq` with that `id`; its leaf, SHA-256(0x00 || hash),
 * with `path` (RFC 6962 PATH) gives the checkpoint's root at its count.
 *
 * Consistency: `{ old, new, path }` with two signed checkpoints and the RFC 6962 PROOF
 * that the tree of old.count entries is a prefix of the tree of new.count.
 */
import type { KeyObject } from 'node:crypto';
import { checkLineBytes, HASH_PREFIX } from './hash-chain.ts';
import { canonicalJson } from './canonical-json.ts';
import type { LogEntry } from '../contract/log-entry.ts';
import { entryLeafHash, hashFromHex, toHex, verifyConsistency, verifyInclusion, type MerkleTree } from './merkle.ts';
import { parseSignedCheckpoint, signatureProblem, type SignedCheckpoint } from './signed-checkpoint.ts';

export interface InclusionProof {
  entry: { seq: number; id: string; line: string };
  leaf_index: number;
  tree_size: number;
  path: string[];
  checkpoint: SignedCheckpoint;
}

export interface ConsistencyProof {
  old: SignedCheckpoint;
  new: SignedCheckpoint;
  path: string[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
export interface VerifyKey {
  publicKey: KeyObject;
  keyId: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameCheckpoint = (a: SignedCheckpoint, b: SignedCheckpoint) =>
  a.count === b.count && a.root === b.root && a.head === b.head && a.at === b.at && a.key_id === b.key_id && a.sig === b.sig;

function onlyKeys(doc: Record<string, unknown>, keys: string[], where: string): string | undefined {
  const extra = Object.keys(doc).filter((k) => !keys.includes(k));
  return extra.length ? `${where}: unknown field "${extra[0]}" (expected ${keys.join(', ')})` : undefined;
}

function parsePath(v: unknown, where: string): Checked<Buffer[]> {
  if (!Array.isArray(v)) return { ok: false, message: `${where}: "path" must be a list of hashes` };
  const out: Buffer[] = [];
  for (const [i, h] of v.entries()) {
    const b = hashFromHex(h);
    if (!b) return { ok: false, message: `${where}: path[${i}] is not 64 lowercase hex digits` };
    out.push(b);
  }
  return { ok: true, value: out };
}

/** An entry's line exactly as the store wrote it (hash-chain.ts seal()): the hash first, then the canonical rest. */
export function storedLine(entry: LogEntry): string {
  const { hash, ...rest } = entry;
  return `${HASH_PREFIX}${hash}",${canonicalJson(rest).slice(1)}`;
}

/** The proof that entry `seq` (whose stored line is `line`) is in the tree `checkpoint` signed. */
export function buildInclusionProof(tree: MerkleTree, entry: { seq: number; id: string; line: string }, checkpoint: SignedCheckpoint): InclusionProof {
  return {
    entry: { seq: entry.seq, id: entry.id, line: entry.line },
    leaf_index: entry.seq - 1,
    tree_size: checkpoint.count,
    path: tree.inclusionProof(entry.seq - 1, checkpoint.count).map(toHex),
    checkpoint,
  };
}

/** Checks an inclusion proof document against a trusted checkpoint (whose signature is checked here too). */
export function verifyInclusionDoc(doc: unknown, trusted: SignedCheckpoint, key: VerifyKey, source: string, cpSource: string): Checked<InclusionProof> {
  const fail = (message: string): Checked<InclusionProof> => ({ ok: false, message });
  const sigProblem = signatureProblem(trusted, key, cpSource);
  if (sigProblem) return fail(sigProblem);
  if (!isObject(doc)) return fail(`${source}: expected a proof object { entry, leaf_index, tree_size, path, checkpoint }`);
  const extra = onlyKeys(doc, ['entry', 'leaf_index', 'tree_size', 'path', 'checkpoint'], source);
  if (extra) return fail(extra);
  const { entry, leaf_index, tree_size, path, checkpoint } = doc;
  if (!isObject(entry)) return fail(`${source}: "entry" must be an object { seq, id, line }`);
  const extraEntry = onlyKeys(entry, ['seq', 'id', 'line'], `${source} entry`);
  if (extraEntry) return fail(extraEntry);
  const { seq, id, line } = entry;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return fail(`${source}: entry.seq must be a whole number ≥ 1`);
  if (typeof id !== 'string') return fail(`${source}: entry.id must be a string`);
  if (typeof line !== 'string') return fail(`${source}: entry.line must be the entry's line as stored`);
  if (typeof leaf_index !== 'number' || leaf_index !== seq - 1) return fail(`${source}: leaf_index must be entry.seq − 1 (${seq - 1})`);
  if (typeof tree_size !== 'number' || !Number.isSafeInteger(tree_size) || tree_size < seq) return fail(`${source}: tree_size must be a whole number ≥ entry.seq`);
  const hashes = parsePath(path, source);
  if (!hashes.ok) return fail(hashes.message);
  if (checkpoint !== undefined) {
    if (!isObject(checkpoint)) return fail(`${source}: "checkpoint" must be a signed checkpoint`);
    const embedded = parseSignedCheckpoint(checkpoint, `${source} checkpoint`);
    if (!embedded.ok) return fail(embedded.message);
    if (!sameCheckpoint(embedded.checkpoint, trusted)) {
      return fail(`${source}: its checkpoint (count ${embedded.checkpoint.count}, at ${embedded.checkpoint.at}) is not the one in ${cpSource} (count ${trusted.count}, at ${trusted.at})`);
    }
  }
  if (tree_size !== trusted.count) return fail(`${source}: proves against a tree of ${tree_size} entries but ${cpSource} has ${trusted.count}`);

  // The line: its bytes must hash to the hash it claims, and it must be the entry named.
  const bytes = Buffer.from(line, 'utf8');
  const { claimed, actual } = checkLineBytes(bytes, 0, bytes.length);
  if (claimed === null || actual === null) return fail(`${source}: entry.line is not a log line ({"hash":"…", …})`);
  if (claimed !== actual) return fail(`${source}: entry.line does not match its own hash (the entry was altered)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return fail(`${source}: entry.line is not JSON`);
  }
  if (!isObject(parsed) || parsed['seq'] !== seq || parsed['id'] !== id) return fail(`${source}: entry.line is not entry seq ${seq} id ${id}`);

  const leaf = entryLeafHash(actual);
  if (!verifyInclusion(leaf, leaf_index, tree_size, hashes.value, hashFromHex(trusted.root)!)) {
    return fail(`${source}: the path does not lead from entry seq ${seq} to the root of ${cpSource}: not in the log the checkpoint signed (entry or proof altered)`);
  }
  if (seq === trusted.count && actual !== trusted.head) return fail(`${source}: entry seq ${seq} is the last of ${cpSource} but its hash is not the checkpoint's head`);
  return { ok: true, value: { entry: { seq, id, line }, leaf_index, tree_size, path: hashes.value.map(toHex), checkpoint: trusted } };
}

/** Checks a consistency proof between two checkpoints, both signed by `key`. */
export function verifyConsistencyDoc(oldCp: SignedCheckpoint, newCp: SignedCheckpoint, path: unknown, key: VerifyKey, names: { old: string; new: string; proof: string }): Checked<true> {
  for (const [cp, name] of [[oldCp, names.old], [newCp, names.new]] as const) {
    const p = signatureProblem(cp, key, name);
    if (p) return { ok: false, message: p };
  }
  if (newCp.count < oldCp.count) return { ok: false, message: `${names.new} has ${newCp.count} entries, fewer than ${names.old} (${oldCp.count}): the log shrank` };
  const hashes = parsePath(path, names.proof);
  if (!hashes.ok) return hashes;
  if (oldCp.count === newCp.count && oldCp.head !== newCp.head) {
    return { ok: false, message: `${names.old} and ${names.new} both have ${oldCp.count} entries but different heads: the log was rewritten` };
  }
  if (!verifyConsistency(oldCp.count, newCp.count, hashFromHex(oldCp.root)!, hashFromHex(newCp.root)!, hashes.value)) {
    return { ok: false, message: `${names.proof}: does not prove that the first ${oldCp.count} entries of ${names.new} are those of ${names.old}: the log was rewritten (or the proof altered)` };
  }
  return { ok: true, value: true };
}

export function parseConsistencyDoc(doc: unknown, source: string): Checked<ConsistencyProof> {
  if (!isObject(doc)) return { ok: false, message: `${source}: expected { old, new, path }` };
  const extra = onlyKeys(doc, ['old', 'new', 'path'], source);
  if (extra) return { ok: false, message: extra };
  const parts: SignedCheckpoint[] = [];
  for (const side of ['old', 'new'] as const) {
    const v = doc[side];
    if (!isObject(v)) return { ok: false, message: `${source}: "${side}" must be a signed checkpoint` };
    const p = parseSignedCheckpoint(v, `${source} ${side}`);
    if (!p.ok) return p;
    parts.push(p.checkpoint);
  }
  const path = parsePath(doc['path'], source);
  if (!path.ok) return path;
  return { ok: true, value: { old: parts[0]!, new: parts[1]!, path: path.value.map(toHex) } };
}
