/**
 * Failed handshakes against the real server with real socket.io clients: an address that keeps
 * failing is throttled (even a good token from it waits), the server keeps serving everyone
 * already connected, and a flood of refusals becomes a few summary lines, not one line each.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { emitAck, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';
import { DEFAULT_THROTTLE } from '../../server/auth/handshake-throttle.ts';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

type Refusal = Error & { data?: { code?: string } };
const attempt = (s: TestServer, token: string | undefined, headers: Record<string, string> = {}) =>
  s.connect(token, { extraHeaders: headers }).then(
    (socket) => {
      socket.close();
      return null;
    },
    (e: Refusal) => e,
  );

/** A raw engine.io handshake, to read the refusal the server sends. */
function handshake(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: '/socket.io/?EIO=4&transport=polling' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const refusalLines = (s: TestServer) => s.logLines.filter((l) => /refused (a handshake|a connection|\d+ more handshake)/.test(l));

describe('failed handshakes', () => {
  it('an address past the limit is refused before its token is read; connected clients carry on', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: false });
    const manager = await srv.connect(srv.tokens.manager);
    const limit = DEFAULT_THROTTLE.limit;

    const guesses = await Promise.all(Array.from({ length: limit }, (_, i) => attempt(srv!, `mg_${String(i).padStart(43, 'x')}`)));
    expect(guesses.map((e) => e?.data?.code)).toEqual(Array(limit).fill('unauthorized'));

    // Over the limit: even the right token waits, and the refusal says why and for how long.
    const blocked = await attempt(srv, srv.tokens.staff);
    expect(blocked).toBeInstanceOf(Error);
    expect(blocked?.data?.code).toBeUndefined();
    const raw = await handshake(srv.url);
    expect(raw.status).toBe(403);
    expect(JSON.parse(raw.body).message).toMatch(/^too many failed handshakes from this address; retry in \d+ s$/);

    // Whoever is connected is not affected.
    expect((await emitAck(manager, 'rules:status', {})).ok).toBe(true);

    // One line as it happened, then one summary for the rest.
    expect(refusalLines(srv)).toEqual([expect.stringMatching(/^warn refused a handshake from 127\.0\.0\.1: unknown or revoked token/)]);
    srv.running.app.handshakes.flush();
    expect(refusalLines(srv)).toHaveLength(2);
    expect(refusalLines(srv)[1]).toMatch(new RegExp(`^warn refused ${limit + 1} more handshakes in the last \\d+ s from 1 address \\(bad token ${limit - 1}, throttled 2\\)$`));
    for (const secret of Object.values(srv.tokens)) expect(srv.logLines.join('\n')).not.toContain(secret);
  });

  it('a flood of refused origins is counted and summarised, and does not lock out the address', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: false });
    const flood = 200;
    for (let batch = 0; batch < flood; batch += 20) {
      const refused = await Promise.all(Array.from({ length: 20 }, () => attempt(srv!, srv!.tokens.staff, { origin: 'http://evil.example' })));
      expect(refused.every((e) => e instanceof Error)).toBe(true);
    }
    expect(refusalLines(srv)).toEqual([expect.stringMatching(/^warn refused a connection from origin "http:\/\/evil\.example"/)]);
    srv.running.app.handshakes.flush();
    expect(refusalLines(srv)).toHaveLength(2);
    expect(refusalLines(srv)[1]).toMatch(new RegExp(`^warn refused ${flood - 1} more handshakes in the last \\d+ s from 1 address \\(origin ${flood - 1}\\)$`));
    // Nothing pending: a second flush writes nothing.
    srv.running.app.handshakes.flush();
    expect(refusalLines(srv)).toHaveLength(2);
    // The same address, with no foreign Origin, still gets in.
    const staff = await srv.connect(srv.tokens.staff);
    expect((await emitAck(staff, 'rules:status', {})).ok).toBe(true);
  });
});
