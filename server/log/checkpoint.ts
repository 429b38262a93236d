/**
 * A checkpoint is what an auditor keeps outside the server: `{ count, hash, at }` — how
 * many entries the log had and the head hash then. Later, `verify --since-checkpoint`
 * proves the log only grew: entry `count` still has that hash and the chain verifies.
 */
import { readFileSync } from 'node:fs';
import { GENESIS } from './hash-chain.ts';

export interface Checkpoint {
  count: number;
  hash: string;
  at: string;
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
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, message: `${source}: expected an object { count, hash, at }` };
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
