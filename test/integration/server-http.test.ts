import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../server/app/app-root.ts';
import { startServer, type RunningServer } from '../../server/app/start-server.ts';
import { memoryLogger } from '../../server/app/logger.ts';
import { SMALL_RULES } from '../support/server-harness.ts';
import { openTokenStore } from '../../server/auth/token-store.ts';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';

/** Raw GET (fetch would normalise "/../" away before sending). */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP on a loopback server with demo tokens', () => {
  let srv: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'makegood-http-'));
    await writeFile(join(dataDir, 'rules.yaml'), SMALL_RULES);
    srv = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, rulesFile: join(dataDir, 'rules.yaml'), allowedOrigins: null, rateLimit: false },
      { logger: memoryLogger(), watch: false },
    );
  });
  afterAll(async () => {
    await srv.close();
  });

  it('made one demo token per role and kept their secrets for the demo page', async () => {
    expect(srv.demo).not.toBeNull();
    const saved = JSON.parse(await readFile(join(dataDir, 'demo-tokens.json'), 'utf8'));
    expect(saved).toEqual(srv.demo);
    const listed = await srv.tokens.list();
    expect(listed.map((t) => [t.role, t.name, t.locations.join(',')])).toEqual([
      ['staff', 'Demo Staff', 'des-moines'],
      ['manager', 'Demo Manager', '*'],
      ['auditor', 'Demo Auditor', '*'],
    ]);
    const stored = await readFile(join(dataDir, 'tokens.json'), 'utf8');
    for (const secret of Object.values(srv.demo!)) expect(stored).not.toContain(secret);
  });

  it('serves the demo page at / with the demo staff token filled in (if the widget demo page exists)', async () => {
    const res = await get(srv.url, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.body.toString('utf8');
    const template = await readFile(join(appRoot(), 'widget/demo.html'), 'utf8').catch(() => null);
    if (template?.includes('{{STAFF_TOKEN}}')) {
      expect(html).toContain(srv.demo!.staff);
      expect(html).not.toContain('{{STAFF_TOKEN}}');
    } else {
      expect(html).toMatch(/not built yet|makegood/);
    }
  });

  it('serves bundles from dist/public with type, gzip, ETag and cache headers', async () => {
    const plain = await get(srv.url, '/widget.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toMatch(/max-age/);
    const onDisk = await readFile(join(appRoot(), 'dist/public/widget.js'));
    expect(plain.body.equals(onDisk)).toBe(true);
    const gz = await get(srv.url, '/widget.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(onDisk)).toBe(true);
    const again = await get(srv.url, '/widget.js', { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves the console page and /healthz', async () => {
    const consolePage = await get(srv.url, '/console');
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers['referrer-policy']).toBe('no-referrer');
    const health = await get(srv.url, '/healthz');
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true, log: { count: 0 } });
  });

  it('never leaves dist/public', async () => {
    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%5c..%5cpackage.json', '/%00', '/%E0%A4%A', '/dist/public/widget.js', '/nope.js']) {
      const res = await get(srv.url, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body.toString()).not.toContain('"name": "makegood"');
    }
  });

  it('sends a Content-Security-Policy on every page that allows exactly its own inline scripts', async () => {
    for (const path of ['/', '/console']) {
      const res = await get(srv.url, path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toMatch(/default-src 'none'/);
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).toMatch(/frame-ancestors 'self'/);
      expect(csp, path).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      const html = res.body.toString('utf8');
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const allowed = [...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
      expect(allowed.sort(), path).toEqual(inline.map((t) => createHash('sha256').update(t).digest('base64')).sort());
    }
    // Not pages: they load nothing and may not be framed; the widget bundle stays embeddable by any site.
    for (const path of ['/widget.js', '/healthz', '/nope.js']) {
      const res = await get(srv.url, path);
      expect(res.headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    }
    expect((await get(srv.url, '/widget.js')).headers['access-control-allow-origin']).toBe('*');
  });

  it('answers 405 to other methods', async () => {
    const res = await fetch(`${srv.url}/widget.js`, { method: 'POST' });
    expect(res.status).toBe(405);
  });

  it('keeps the same demo tokens across a restart', async () => {
    const first = srv.demo;
    await srv.close();
    srv = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, rulesFile: join(dataDir, 'rules.yaml'), allowedOrigins: null, rateLimit: false },
      { logger: memoryLogger(), watch: false },
    );
    expect(srv.demo).toEqual(first);
  });
});

describe('public host', () => {
  it('refuses to start with demo tokens, or with no tokens at all', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-public-'));
    await writeFile(join(dataDir, 'rules.yaml'), SMALL_RULES);
    const cfg = { port: 0, host: '0.0.0.0', dataDir, rulesFile: join(dataDir, 'rules.yaml'), allowedOrigins: null, rateLimit: false as const };
    await expect(startServer(cfg, { logger: memoryLogger(), watch: false })).rejects.toThrow(/no tokens/);
    // A loopback start makes demo tokens; now the public host refuses because of them.
    const local = await startServer({ ...cfg, host: '127.0.0.1' }, { logger: memoryLogger(), watch: false });
    await local.close();
    await expect(startServer(cfg, { logger: memoryLogger(), watch: false })).rejects.toThrow(/demo tokens are active/);
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('no demo token', () => {
  it('explains how to add a token on / when the operator manages real tokens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-nodemo-'));
    await writeFile(join(dataDir, 'rules.yaml'), SMALL_RULES);
    await (await openTokenStore(dataDir)).add({ role: 'staff', name: 'Ana', locations: ['des-moines'] });
    const srv = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, rulesFile: join(dataDir, 'rules.yaml'), allowedOrigins: null, rateLimit: false },
      { logger: memoryLogger(), watch: false },
    );
    try {
      expect(srv.demo).toBeNull();
      const res = await get(srv.url, '/');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('makegood token add');
    } finally {
      await srv.close();
    }
  });
});

describe('symlinks in dist/public', () => {
  it('serves a link to a file inside dist/public, never one that leads out (file or directory)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'makegood-http-links-'));
    const pub = join(root, 'dist/public');
    await mkdir(join(pub, 'sub'), { recursive: true });
    await writeFile(join(pub, 'widget.js'), 'console.log("widget")');
    await writeFile(join(root, 'secret.txt'), 'SECRET-OUTSIDE');
    await mkdir(join(root, 'private'));
    await writeFile(join(root, 'private', 'keys.txt'), 'SECRET-DIR');
    await symlink(join(pub, 'widget.js'), join(pub, 'alias.js'));
    await symlink('../widget.js', join(pub, 'sub', 'relative.js'));
    await symlink(join(root, 'secret.txt'), join(pub, 'leak.txt'));
    await symlink('../../secret.txt', join(pub, 'relative-leak.txt'));
    await symlink(join(root, 'private'), join(pub, 'private'));
    await symlink('/etc/passwd', join(pub, 'passwd.txt'));
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-http-links-data-'));
    await writeFile(join(dataDir, 'rules.yaml'), SMALL_RULES);
    const srv = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, rulesFile: join(dataDir, 'rules.yaml'), allowedOrigins: null, rateLimit: false },
      { logger: memoryLogger(), watch: false, rootDir: root },
    );
    try {
      for (const path of ['/alias.js', '/sub/relative.js']) {
        const res = await get(srv.url, path);
        expect(res.status, path).toBe(200);
        expect(res.body.toString(), path).toBe('console.log("widget")');
      }
      for (const path of ['/leak.txt', '/relative-leak.txt', '/private/keys.txt', '/passwd.txt', '/private']) {
        const res = await get(srv.url, path);
        expect(res.status, path).toBe(404);
        expect(res.body.toString(), path).not.toMatch(/SECRET|root:/);
      }
      // The server keeps serving after all that.
      expect((await get(srv.url, '/widget.js')).status).toBe(200);
    } finally {
      await srv.close();
      await rm(root, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
