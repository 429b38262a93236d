import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, checkWebhookUrl } from '../../server/alerts/webhook.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.close(r); s.closeAllConnections(); })));
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('postWebhook()', () => {
  it('POSTs the body as JSON', async () => {
    const got: { method?: string; type?: string; body: string }[] = [];
    const url = await listen((req, res, body) => {
      got.push({ method: req.method, type: req.headers['content-type'], body });
      res.end('ok');
    });
    const result = await postWebhook(url, { alert_id: 'parts-quorum', count: 3 }, { log: () => {} });
    expect(result).toEqual({ ok: true, status: 200, tries: 1 });
    expect(got).toEqual([{ method: 'POST', type: 'application/json', body: '{"alert_id":"parts-quorum","count":3}' }]);
  });

  it('retries after a 500 and succeeds on a later try', async () => {
    let calls = 0;
    const url = await listen((_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 500 : 204;
      res.end();
    });
    const logged: string[] = [];
    const result = await postWebhook(url, {}, { backoffMs: 1, log: (m) => logged.push(m) });
    expect(result).toEqual({ ok: true, status: 204, tries: 3 });
    expect(logged).toEqual([expect.stringContaining('try 1/3'), expect.stringContaining('try 2/3')]);
    expect(logged[0]).toContain('HTTP 500');
  });

  it('gives up after the tries on a dead port, resolving (never throwing) with the reason', async () => {
    const url = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r)); // the port is now closed
    const logged: string[] = [];
    const result = await postWebhook(url, {}, { backoffMs: 1, log: (m) => logged.push(m) });
    expect(result).toMatchObject({ ok: false, tries: 3, error: 'ECONNREFUSED' });
    expect(logged).toHaveLength(3);
  });

  it('times out a webhook that never answers', async () => {
    const url = await listen(() => {}); // never responds
    const result = await postWebhook(url, {}, { timeoutMs: 50, tries: 2, backoffMs: 1, log: () => {} });
    expect(result).toMatchObject({ ok: false, tries: 2, error: 'timed out after 50 ms' });
  });

  it('refuses URLs that are not http(s)', async () => {
    expect(checkWebhookUrl('file:///etc/passwd')).toMatch(/http or https/);
    expect(checkWebhookUrl('not a url')).toMatch(/not a URL/);
    expect(await postWebhook('ftp://x', {}, { log: () => {} })).toMatchObject({ ok: false, tries: 0 });
  });
});
