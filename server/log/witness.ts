/**
 * Where checkpoints go once made: files in a directory (the data directory's
 * checkpoints/, and a witness directory the server cannot rewrite, e.g. another
 * disk or a mounted share) and/or a webhook (POST, JSON, short timeout). Also reads
 * a directory of checkpoints back, for `log verify --checkpoints DIR`.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint, type Checkpoint } from './checkpoint.ts';
import { checkpointText, type SignedCheckpoint } from './signed-checkpoint.ts';

export const CHECKPOINTS_DIR = 'checkpoints';

/** checkpoint-000001234-20260131T120000000Z.json: sorts by count, then time. */
export function checkpointFileName(cp: SignedCheckpoint): string {
  return `checkpoint-${String(cp.count).padStart(9, '0')}-${cp.at.replace(/[-:.]/g, '')}.json`;
}

/** Writes atomically (temp file, rename); returns the path. Throws on a disk error. */
export function writeCheckpointFile(dir: string, cp: SignedCheckpoint): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, checkpointFileName(cp));
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, checkpointText(cp));
  renameSync(tmp, path);
  return path;
}

/** POSTs a checkpoint as JSON; resolves with an error message or undefined. Never rejects. */
export async function postCheckpoint(url: string, cp: SignedCheckpoint, timeoutMs = 3000): Promise<string | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: checkpointText(cp),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? undefined : `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
  }
}

/** Every checkpoint file in `dir` (*.json), with a message for each that does not parse. */
export function readCheckpointDir(dir: string): { checkpoints: Checkpoint[]; problems: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    return { checkpoints: [], problems: [`${dir}: cannot read the directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`] };
  }
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const r = readCheckpoint(join(dir, name));
    if (r.ok) checkpoints.push(r.checkpoint);
    else problems.push(r.message);
  }
  return { checkpoints, problems };
}
