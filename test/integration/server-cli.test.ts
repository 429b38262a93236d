import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../server/app/app-root.ts';
import { openTokenStore } from '../../server/auth/token-store.ts';

const CLI = join(appRoot(), 'dist/makegood.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: appRoot(), encoding: 'utf8', env: { ...process.env, DATA_DIR: '' } });

describe('makegood token', () => {
  it('adds (printing the secret once), lists without secrets, revokes', async () => {
    const data = await mkdtemp(join(tmpdir(), 'makegood-cli-'));
    const add = run('token', 'add', '--role', 'staff', '--name', 'Ana', '--location', 'des-moines', '--data', data);
    expect(add.status, add.stderr).toBe(0);
    const secret = /(mg_[A-Za-z0-9_-]{43})/.exec(add.stdout)?.[1];
    const id = /token (tk-[0-9a-f]+)/.exec(add.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(id).toBeDefined();
    expect(await readFile(join(data, 'tokens.json'), 'utf8')).not.toContain(secret!);
    expect((await (await openTokenStore(data)).verify(secret))?.name).toBe('Ana');

    const mgr = run('token', 'add', '--role', 'manager', '--name', 'Mia', '--location', 'des-moines,san-jose', '--data', data);
    expect(mgr.status, mgr.stderr).toBe(0);

    const list = run('token', 'list', '--data', data);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(id!);
    expect(list.stdout).toContain('des-moines,san-jose');
    expect(list.stdout).not.toContain(secret!);
    const json = JSON.parse(run('token', 'list', '--json', '--data', data).stdout) as { id: string; hash?: string }[];
    expect(json.map((t) => t.id)).toContain(id);
    expect(json.every((t) => t.hash === undefined)).toBe(true);

    const revoke = run('token', 'revoke', id!, '--data', data);
    expect(revoke.status, revoke.stderr).toBe(0);
    expect(await (await openTokenStore(data)).verify(secret)).toBeNull();
    expect(run('token', 'list', '--data', data).stdout).toMatch(/revoked/);
    expect(run('token', 'revoke', 'tk-nope', '--data', data).status).toBe(1);
  });

  it.each([
    [['token'], /add, list or revoke/],
    [['token', 'grant'], /unknown subcommand/],
    [['token', 'add', '--name', 'Ana', '--location', 'x'], /--role is required/],
    [['token', 'add', '--role', 'boss', '--name', 'Ana', '--location', 'x'], /--role "boss"/],
    [['token', 'add', '--role', 'staff', '--location', 'des-moines'], /--name is required/],
    [['token', 'add', '--role', 'staff', '--name', 'Ana'], /--location is required/],
    [['token', 'add', '--role', 'staff', '--name', 'Ana', '--location', 'a', '--location', 'b'], /exactly one location/],
    [['token', 'add', '--role', 'staff', '--name', 'Ana', '--location', '*'], /cannot have location "\*"/],
    [['token', 'add', '--role', 'manager', '--name', 'Mia', '--location', 'Des Moines'], /lowercase letters/],
    [['token', 'add', '--role', 'staff', '--name', 'Ana', '--location', 'x', '--bogus'], /Unknown option/],
    [['token', 'revoke'], /exactly one token id/],
    [['token', 'list', '--role', 'staff'], /are for "add"/],
  ])('usage error %j → exit 2 with a clear message', (args, message) => {
    const r = run(...args, '--data', join(tmpdir(), 'makegood-cli-never'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help', () => {
    const r = run('token', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/makegood token add --role staff/);
  });
});

describe('makegood serve', () => {
  it('--help lists every setting with its environment variable', () => {
    const r = run('serve', '--help');
    expect(r.status).toBe(0);
    for (const env of ['PORT', 'HOST', 'DATA_DIR', 'RULES_FILE', 'ALLOWED_ORIGINS', 'WEBHOOK_URL', 'RATE_LIMIT']) expect(r.stdout).toContain(env);
  });
  it.each([
    [['--port', 'eighty'], /--port: "eighty" is not a port/],
    [['--port', '70000'], /not a port/],
    [['--host', 'not a host!'], /--host/],
    [['--allowed-origins', 'desk.example.com'], /--allowed-origins: "desk.example.com" is not an origin/],
    [['--webhook', 'ftp://x'], /--webhook/],
    [['--rate-limit', 'fast'], /BURST\/PER_SECOND/],
    [['--colour'], /Unknown option/],
  ])('bad settings %j → exit 2', (args, message) => {
    const r = run('serve', ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it('reports the repair of a torn last line left by a crash', async () => {
    const { startTestServer, emitAck, SMALL_RULES } = await import('../support/server-harness.ts');
    const srv = await startTestServer({ rulesText: SMALL_RULES });
    const staff = await srv.connect(srv.tokens.staff);
    expect((await emitAck(staff, 'recovery:recommend', { requestId: 't1', description: 'cold food' })).ok).toBe(true);
    await srv.close();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(srv.logFile, '{"seq":2,"id":"e0000');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', srv.dataDir, '--rules', srv.rulesFile], { cwd: appRoot() });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (/staff token: +\S+\n/.test(out)) resolve(); // the last line of the start report
      });
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.once('exit', () => reject(new Error(out)));
    });
    child.kill('SIGTERM');
    expect(out).toMatch(/makegood listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/log: 1 entries/);
    expect(out).toMatch(/repaired: cut a torn last line \(line 2, \d+ bytes\)/);
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  });

  it('an invalid rules file stops the start with exit 1 and the problems', async () => {
    const data = await mkdtemp(join(tmpdir(), 'makegood-cli-'));
    const rules = join(data, 'bad.yaml');
    await (await import('node:fs/promises')).writeFile(rules, 'gestures: {}\nrules: []\nfallback: { offer: [nothing], say: hi }\n');
    const r = run('serve', '--port', '0', '--data', data, '--rules', rules);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not valid/);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });
});
