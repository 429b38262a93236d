import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTokenStore, type TokenStore } from '../../server/auth/token-store.ts';

/** Writes a whole new version at once (temp file + rename), as lowdb and an editor's save do. */
async function replace(file: string, text: string): Promise<void> {
  await writeFile(file + '.tmp', text);
  await rename(file + '.tmp', file);
}

/** The token store as the server opens it (watching), next to a second store acting as the CLI. */
describe('token store', () => {
  const open: TokenStore[] = [];
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'makegood-tokens-'));
    dirs.push(dir);
    return dir;
  };
  const watching = async (dir: string, errors: unknown[] = []) => {
    const s = await openTokenStore(dir, { watch: true, recheckMs: 50, onError: (e) => errors.push(e) });
    open.push(s);
    return s;
  };
  /** Resolves on the first onRevoked call. */
  const nextRevoke = (s: TokenStore) =>
    new Promise<string[]>((resolve) => {
      const off = s.onRevoked((ids) => {
        off();
        resolve(ids);
      });
    });
  afterEach(async () => {
    for (const s of open.splice(0)) s.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('finds a token by its secret and by its id; junk and unknown secrets find nothing', async () => {
    const server = await watching(await fresh());
    const { record, secret } = await server.add({ role: 'manager', name: 'Mia', locations: ['*'] });
    expect(await server.verify(secret)).toEqual({ token_id: record.id, role: 'manager', name: 'Mia', locations: ['*'] });
    expect(server.isActive(record.id)).toBe(true);
    expect(await server.verify('mg_' + 'A'.repeat(43))).toBeNull();
    expect(await server.verify(secret.slice(0, -1))).toBeNull();
    expect(await server.verify(42)).toBeNull();
    expect(server.isActive('tk-nope')).toBe(false);
  });

  it('sees tokens added and revoked by another process, and tells onRevoked which ones', async () => {
    const dir = await fresh();
    const server = await watching(dir);
    const cli = await openTokenStore(dir);
    const a = await cli.add({ role: 'staff', name: 'Ana', locations: ['des-moines'] });
    const b = await cli.add({ role: 'staff', name: 'Bo', locations: ['san-jose'] });
    await server.refresh();
    expect((await server.verify(a.secret))?.name).toBe('Ana');
    const revoked = nextRevoke(server);
    await cli.revoke(a.record.id);
    expect(await revoked).toEqual([a.record.id]);
    expect(server.isActive(a.record.id)).toBe(false);
    expect(await server.verify(a.secret)).toBeNull();
    expect(server.isActive(b.record.id)).toBe(true);
  });

  it('a token the CLI made a moment ago is accepted even before any watch event arrives', async () => {
    const dir = await fresh();
    const server = await watching(dir);
    // No watcher, no timer: only the re-check on an unknown secret can find it.
    server.close();
    const made = await (await openTokenStore(dir)).add({ role: 'staff', name: 'New', locations: ['des-moines'] });
    expect((await server.verify(made.secret))?.token_id).toBe(made.record.id);
    expect(await server.verify('mg_' + 'Z'.repeat(43))).toBeNull();
  });

  it('a token that disappears from the file counts as revoked', async () => {
    const dir = await fresh();
    const server = await watching(dir);
    const a = await server.add({ role: 'auditor', name: 'Audrey', locations: ['*'] });
    const revoked = nextRevoke(server);
    await replace(join(dir, 'tokens.json'), JSON.stringify({ tokens: [] }));
    expect(await revoked).toEqual([a.record.id]);
    expect(await server.verify(a.secret)).toBeNull();
  });

  it('a broken tokens.json keeps the last good tokens and reports the problem', async () => {
    const dir = await fresh();
    const errors: unknown[] = [];
    const server = await watching(dir, errors);
    const a = await server.add({ role: 'staff', name: 'Ana', locations: ['des-moines'] });
    await replace(join(dir, 'tokens.json'), '{"tokens": "not a list"}');
    // Noticed in the background (watch or re-check), reported, never thrown at a caller.
    while (errors.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(String(errors[0])).toMatch(/not a makegood tokens file/);
    await server.refresh();
    expect((await server.verify(a.secret))?.name).toBe('Ana');
    expect(server.isActive(a.record.id)).toBe(true);
    // Reported once for this version of the file, not at every re-check.
    expect(errors).toHaveLength(1);
    // A good file is picked up again: here one where Ana's token is revoked.
    const revoked = nextRevoke(server);
    await replace(join(dir, 'tokens.json'), JSON.stringify({ tokens: [{ ...a.record, revoked: new Date().toISOString() }] }));
    expect(await revoked).toEqual([a.record.id]);
  });

  it('refuses a tokens.json that is not a tokens file when opening', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'tokens.json'), '[1, 2, 3]');
    await expect(openTokenStore(dir)).rejects.toThrow(/not a makegood tokens file/);
  });
});
