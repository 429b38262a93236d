/**
 * The real server for the bench: `node dist/makegood.js serve` in its own process with a
 * fresh data dir, and tokens made beforehand through the token store (thousands of
 * `makegood token add` processes would take minutes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openTokenStore } from '../../server/auth/token-store.ts';
import { startNode, waitForOutput, type Proc } from './procs.ts';

export interface RunningServer {
  proc: Proc;
  url: string;
}

export async function makeStaffTokens(dataDir: string, count: number): Promise<string[]> {
  const store = await openTokenStore(dataDir);
  const secrets: string[] = [];
  for (let i = 0; i < count; i++) {
    const { secret } = await store.add({ role: 'staff', name: `Bench staff ${i}`, locations: [`loc-${i % 20}`] });
    secrets.push(secret);
  }
  return secrets;
}

export async function startMakegood(root: string, dataDir: string): Promise<RunningServer> {
  const rules = join(root, 'rules/gestures.yaml');
  const args = ['serve', '--port', '0', '--data', dataDir, ...(existsSync(rules) ? ['--rules', rules] : [])];
  const proc = startNode(join(root, 'dist/makegood.js'), args, { cwd: root });
  const m = await waitForOutput(proc, /makegood listening on (http:\/\/[^\s/]+)/, 60_000);
  return { proc, url: m[1]! };
}
