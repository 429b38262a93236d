/**
 * A checkpoint is what an auditor keeps outside the server: how many entries the log had
 * and the head hash then. Later, `verify --since-checkpoint` proves the log only grew:
 * entry `count` still has that hash and the chain verifies.
 *
 * Two forms parse: the old unsigned `{ count, hash, at }`, and the signed
 * `{ count, root, head, at, key_id, sig, subtrees }` (signed-checkpoint.ts), whose `head`
 * becomes `hash` here and which is kept whole in `signed`.
 */
import { readFileSync } from 'node:fs';
import { GENESIS } from './hash-chain.ts';
import { parseSignedCheckpoint, type SignedCheckpoint } from './signed-checkpoint.ts';

export interface Checkpoint {
  count: number;
  hash: string;
  at: string;
  /** Set for a signed checkpoint (its signature is checked by whoever holds the key). */
  signed?: SignedCheckpoint;
}

export type ParsedCheckpoint = { ok: true; checkpoint: Checkpoint } | { ok: false; message: string };

export function makeCheckpoint(head: { count: number; hash: string }, now = new Date()): Checkpoint {
  return { count: head.count, hash: head.count === 0 ? GENESIS : head.hash, at: now.toISOString() };
}

/** Validates a checkpoint document; `source` names it in messages. */
export function parseCheckpoint(text: string, source: string): ParsedCheckpoint {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `${source}: not JSON (${(err as Error).message})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, message: `${source}: expected an object { count, root, head, at, key_id, sig } (or the older { count, hash, at })` };
  if ('sig' in doc || 'root' in doc) {
    const signed = parseSignedCheckpoint(doc as Record<string, unknown>, source);
    if (!signed.ok) return signed;
    const c = signed.checkpoint;
    if (c.count === 0 && c.head !== GENESIS) return { ok: false, message: `${source}: an empty log's head is 64 zeros` };
    return { ok: true, checkpoint: { count: c.count, hash: c.head, at: c.at, signed: c } };
  }
  const { count, hash, at } = doc as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    return { ok: false, message: `${source}: "count" must be a whole number ≥ 0` };
  }
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, message: `${source}: "hash" must be 64 hex digits` };
  if (count === 0 && hash !== GENESIS) return { ok: false, message: `${source}: an empty log's hash is 64 zeros` };
  if (at !== undefined && (typeof at !== 'string' || !Number.isFinite(Date.parse(at)))) {
    return { ok: false, message: `${source}: "at" must be an ISO time` };
  }
  return { ok: true, checkpoint: { count, hash, at: typeof at === 'string' ? at : '' } };
}

export function readCheckpoint(path: string): ParsedCheckpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  return parseCheckpoint(text, path);
}
