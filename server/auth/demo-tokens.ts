/**
 * Demo tokens for a first run on loopback: one per role, so `npm start` works at
 * once. Only hashes go in tokens.json, so the demo secrets are also kept in
 * <data>/demo-tokens.json (loopback only) for the demo page to keep working
 * across restarts. A public host refuses to start while demo tokens are active.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../contract/roles.ts';
import type { TokenStore } from './token-store.ts';

export type DemoTokens = Record<Role, string>;

const DEMO: Record<Role, { name: string; locations: string[] }> = {
  staff: { name: 'Demo Staff', locations: ['des-moines'] },
  manager: { name: 'Demo Manager', locations: ['*'] },
  auditor: { name: 'Demo Auditor', locations: ['*'] },
};

export const demoTokensFile = (dataDir: string) => join(dataDir, 'demo-tokens.json');

async function readDemoFile(dataDir: string): Promise<Partial<DemoTokens>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(demoTokensFile(dataDir), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Partial<DemoTokens>) : {};
  } catch {
    return {}; // missing or unreadable: simply no demo tokens
  }
}

/**
 * On loopback: returns the demo tokens, creating them when the store has no tokens
 * at all. Returns null when the operator manages real tokens (or revoked the demo ones).
 */
export async function ensureDemoTokens(store: TokenStore, dataDir: string): Promise<DemoTokens | null> {
  const existing = await store.list();
  if (existing.length === 0) {
    const made = {} as DemoTokens;
    for (const role of Object.keys(DEMO) as Role[]) {
      made[role] = (await store.add({ role, ...DEMO[role], demo: true })).secret;
    }
    await writeFile(demoTokensFile(dataDir), JSON.stringify(made, null, 2) + '\n', { mode: 0o600 });
    return made;
  }
  const saved = await readDemoFile(dataDir);
  const out = {} as DemoTokens;
  for (const role of Object.keys(DEMO) as Role[]) {
    const secret = saved[role];
    const principal = secret ? await store.verify(secret) : null;
    if (!secret || !principal || principal.role !== role) return null;
    out[role] = secret;
  }
  return out;
}

/** Active demo tokens, by id: a non-loopback host must not start while any exist. */
export async function activeDemoTokenIds(store: TokenStore): Promise<string[]> {
  return (await store.list()).filter((t) => t.demo && !t.revoked).map((t) => t.id);
}
