/**
 * The real server for the bench: `node dist/makegood.js serve` in its own process with a
 * fresh data dir, and tokens written beforehand (thousands of `makegood token add` processes would
 * take minutes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { openTokenStore, type TokenRecord } from '../../server/auth/token-store.ts';
import { hashSecret, newSecret, newTokenId } from '../../server/auth/token-secret.ts';
import { startNode, waitForOutput, type Proc } from './procs.ts';

export interface RunningServer {
  proc: Proc;
  url: string;
}

/**
 * Writes `count` staff tokens in one go, as the token store would (its record type, its
 * secret and hash functions); then opens the store once to prove it reads them.
 * Adding them one by one through the store rewrites the file each time: 20 s for 2,000.
 */
export async function makeStaffTokens(dataDir: string, count: number): Promise<string[]> {
  const secrets: string[] = [];
  const tokens: TokenRecord[] = [];
  const created = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const secret = newSecret();
    secrets.push(secret);
    tokens.push({ id: newTokenId(), role: 'staff', name: `Bench staff ${i}`, locations: [`loc-${i % 20}`], created, revoked: null, hash: hashSecret(secret) });
  }
  await writeFile(join(dataDir, 'tokens.json'), JSON.stringify({ tokens }));
  const store = await openTokenStore(dataDir);
  if (!(await store.verify(secrets[count - 1]))) throw new Error('bench tokens: the token store does not accept the tokens written for it');
  return secrets;
}

export interface StartOptions {
  nodeArgs?: string[];
  /** Rules file (default: the shipped rules/gestures.yaml). */
  rules?: string;
  /** More `serve` flags. */
  args?: string[];
  /** How long to wait for "makegood listening" (default 60 s); the process is stopped after that. */
  timeoutMs?: number;
}

/** Starts `makegood serve`; `startMs` is from spawn to its "listening" line (what a restart costs). */
export async function startMakegood(root: string, dataDir: string, opts: StartOptions = {}): Promise<RunningServer & { startMs: number }> {
  const rules = opts.rules ?? join(root, 'rules/gestures.yaml');
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...(existsSync(rules) ? ['--rules', rules] : []), ...(opts.args ?? [])];
  const t0 = performance.now();
  const proc = startNode(join(root, 'dist/makegood.js'), args, { cwd: root, nodeArgs: opts.nodeArgs ?? [] });
  try {
    const m = await waitForOutput(proc, /makegood listening on (http:\/\/[^\s/]+)/, opts.timeoutMs ?? 60_000);
    return { proc, url: m[1]!, startMs: performance.now() - t0 };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}
