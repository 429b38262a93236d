import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { CLIENT_EVENTS, EVENT_ROLES, type ClientEvent } from '../../server/contract/events.ts';
import { ROLES, type Role } from '../../server/contract/roles.ts';
import { openTokenStore } from '../../server/auth/token-store.ts';
import { emitAck, startTestServer, SMALL_RULES, type TestServer, type TestSocket } from '../support/server-harness.ts';

/** A well-formed payload for every event, so a refusal can only be about the role. */
const VALID: Record<ClientEvent, unknown> = {
  'recovery:recommend': { requestId: 'matrix-1', description: 'the soup was cold' },
  'recovery:decide': { requestId: 'matrix-1', outcome: 'offered' },
  'approval:list': {},
  'approval:decide': { entryId: 'e-none', approved: true },
  'approval:decide-many': { entryIds: ['e-none'], approved: true },
  'rules:status': {},
  'recovery:correct': { requestId: 'matrix-1', ruleId: 'parts-not-ordered' },
  'rules:list': {},
  'rules:suggest': {},
  'log:query': { limit: 5 },
  'log:entry': { id: 'e-none' },
  'log:export': { format: 'json' },
  'log:chain': {},
  'log:suggest': {},
  'log:prove': { id: 'e000001-000000' },
  'stats:totals': {},
  'stats:effectiveness': { days: 7 },
  'stats:live': {},
  'stats:failures': { bucket: 'week' },
  'alert:list': {},
  'alert:close': { entryId: 'e-none', root_cause: 'x', fix: 'y' },
};

const logSize = (srv: TestServer) => readFile(srv.logFile, 'utf8').then((t) => t.length, () => 0);

describe('who may do what', () => {
  let srv: TestServer;
  const byRole = {} as Record<Role, TestSocket>;
  beforeAll(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: false });
    byRole.staff = await srv.connect(srv.tokens.staff);
    byRole.manager = await srv.connect(srv.tokens.manager);
    byRole.auditor = await srv.connect(srv.tokens.auditor);
  });
  afterAll(async () => {
    await srv.close();
  });

  it('greets each connection with session:hello naming the principal and the rules', () => {
    expect(byRole.staff.hello.principal).toMatchObject({ role: 'staff', name: 'Ana', locations: ['des-moines'], token_id: srv.tokenIds.staff });
    expect(byRole.manager.hello.rules.version).toBe(srv.running.app.ctx.rules().version);
  });

  for (const event of CLIENT_EVENTS) {
    for (const role of ROLES) {
      const allowed = EVENT_ROLES[event].includes(role);
      it(`${event} as ${role}: ${allowed ? 'allowed' : 'forbidden, nothing logged'}`, async () => {
        const before = await logSize(srv);
        const ack = await emitAck(byRole[role], event, VALID[event]);
        if (allowed) {
          expect(ack.ok ? 'ok' : ack.error.code).not.toBe('forbidden');
          expect(ack.ok ? 'ok' : ack.error.code).not.toBe('invalid_payload');
        } else {
          expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          expect(await logSize(srv)).toBe(before);
        }
      });
    }
  }
});

describe('handshake', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterAll(async () => {
    await srv.close();
  });

  const refused = async (p: Promise<unknown>) => {
    const err = (await p.then(
      () => null,
      (e: unknown) => e,
    )) as (Error & { data?: { code: string } }) | null;
    expect(err).not.toBeNull();
    return err!;
  };

  it('refuses a missing token', async () => {
    expect((await refused(srv.connect(undefined))).data?.code).toBe('unauthorized');
  });
  it('refuses an unknown token and junk', async () => {
    expect((await refused(srv.connect('mg_' + 'A'.repeat(43)))).data?.code).toBe('unauthorized');
    expect((await refused(srv.connect('not a token'))).data?.code).toBe('unauthorized');
    expect((await refused(srv.connect({ toString: 'x' } as never))).data?.code).toBe('unauthorized');
  });
  it('refuses a revoked token', async () => {
    expect((await refused(srv.connect(srv.tokens.revoked))).data?.code).toBe('unauthorized');
  });
  it('a token revoked while connected is disconnected at once, on every socket, and cannot reconnect', async () => {
    const t = await srv.addToken('staff', 'Temp', ['des-moines']);
    const other = await srv.addToken('staff', 'Stays', ['des-moines']);
    const [a, b, keep] = await Promise.all([srv.connect(t.secret), srv.connect(t.secret), srv.connect(other.secret)]);
    expect((await emitAck(a, 'rules:status', {})).ok).toBe(true);
    const reasons = Promise.all([a, b].map((s) => new Promise((r) => s.once('disconnect', r))));
    await srv.running.tokens.revoke(t.id);
    // Nothing is sent: the server itself closes both sockets.
    expect(await reasons).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await refused(srv.connect(t.secret))).data?.code).toBe('unauthorized');
    expect((await emitAck(keep, 'rules:status', {})).ok).toBe(true);
  });
  it('a revoke written by another process (makegood token revoke) cuts live sockets without any event from them', async () => {
    const t = await srv.addToken('manager', 'Remote', ['*']);
    const s = await srv.connect(t.secret);
    const gone = new Promise((r) => s.once('disconnect', r));
    // A second store on the same file is what the CLI is: it only shares tokens.json with the server.
    const cli = await openTokenStore(srv.dataDir);
    expect((await cli.revoke(t.id))?.revoked).toBeTruthy();
    expect(await gone).toBe('io server disconnect');
    expect(srv.running.tokens.isActive(t.id)).toBe(false);
    expect((await refused(srv.connect(t.secret))).data?.code).toBe('unauthorized');
  });
  it('never writes a token secret to the server log', async () => {
    await refused(srv.connect('mg_' + 'B'.repeat(43)));
    for (const secret of Object.values(srv.tokens)) expect(srv.logLines.join('\n')).not.toContain(secret);
  });

  it('refuses a browser Origin that is not allowed, accepts the server’s own and none', async () => {
    const bad = await refused(srv.connect(srv.tokens.staff, { extraHeaders: { origin: 'http://evil.example' } }));
    expect(bad.message).toMatch(/origin|websocket error/i);
    const badPolling = await refused(srv.connect(srv.tokens.staff, { transports: ['polling'], extraHeaders: { origin: 'http://evil.example' } }));
    expect(badPolling).toBeInstanceOf(Error);
    const own = await srv.connect(srv.tokens.staff, { extraHeaders: { origin: srv.url } });
    expect(own.connected).toBe(true);
    const localhost = await srv.connect(srv.tokens.staff, { extraHeaders: { origin: `http://localhost:${srv.port}` } });
    expect(localhost.connected).toBe(true);
  });
});

describe('bad input', () => {
  let srv: TestServer;
  let staff: TestSocket;
  beforeAll(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: false });
    staff = await srv.connect(srv.tokens.staff);
  });
  afterAll(async () => {
    await srv.close();
  });

  const long = (n: number) => 'x'.repeat(n);
  const manyFields = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, i]));
  const cases: [string, ClientEvent, unknown, string][] = [
    ['payload not an object', 'recovery:recommend', 'hello', ''],
    ['requestId missing', 'recovery:recommend', { description: 'cold food' }, 'requestId'],
    ['requestId too long', 'recovery:recommend', { requestId: long(101), description: 'cold food' }, 'requestId'],
    ['requestId with spaces', 'recovery:recommend', { requestId: 'a b', description: 'cold food' }, 'requestId'],
    ['requestId not a string', 'recovery:recommend', { requestId: 42, description: 'cold food' }, 'requestId'],
    ['description missing', 'recovery:recommend', { requestId: 'r' }, 'description'],
    ['description blank', 'recovery:recommend', { requestId: 'r', description: '   ' }, 'description'],
    ['description over 2000', 'recovery:recommend', { requestId: 'r', description: long(2001) }, 'description'],
    ['context not an object', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: 'x' }, 'context'],
    ['context over 20 fields', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: manyFields }, 'context'],
    ['wait_minutes negative', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { wait_minutes: -5 } }, 'context.wait_minutes'],
    ['wait_minutes a string', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { wait_minutes: '45' } }, 'context.wait_minutes'],
    ['amount_paid not finite', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { amount_paid: 1e12 } }, 'context.amount_paid'],
    ['customer_ref too long', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { customer_ref: long(101) } }, 'context.customer_ref'],
    ['lang not a code', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { lang: 'english' } }, 'context.lang'],
    ['extra context value an object', 'recovery:recommend', { requestId: 'r', description: 'cold food', context: { extra: { a: 1 } } }, 'context.extra'],
    ['__proto__ key in context', 'recovery:recommend', JSON.parse('{"requestId":"r","description":"cold food","context":{"__proto__":{"x":1}}}'), 'context.__proto__'],
    ['unknown field', 'recovery:recommend', { requestId: 'r', description: 'cold food', admin: true }, ''],
    ['outcome unknown', 'recovery:decide', { requestId: 'r', outcome: 'maybe' }, 'outcome'],
    ['reaction unknown', 'recovery:decide', { requestId: 'r', outcome: 'offered', reaction: 'furious' }, 'reaction'],
    ['note over 500', 'recovery:decide', { requestId: 'r', outcome: 'offered', note: long(501) }, 'note'],
    ['gestureId empty', 'recovery:decide', { requestId: 'r', outcome: 'offered', gestureId: '' }, 'gestureId'],
  ];
  for (const [name, event, payload, path] of cases) {
    it(`${event}: ${name} → invalid_payload naming "${path || '(payload)'}"`, async () => {
      const before = await logSize(srv);
      const ack = await emitAck(staff, event, payload);
      expect(ack.ok).toBe(false);
      if (ack.ok) return;
      expect(ack.error.code).toBe('invalid_payload');
      if (path) {
        expect(ack.error.path).toBe(path);
        expect(ack.error.message.startsWith(`${path}:`)).toBe(true);
      }
      expect(await logSize(srv)).toBe(before);
    });
  }

  it('ignores unknown events and survives a missing ack function', async () => {
    (staff as unknown as { emit(e: string, p: unknown): void }).emit('admin:drop-tables', { all: true });
    (staff as unknown as { emit(e: string, p: unknown): void }).emit('recovery:recommend', { requestId: 'no-ack', description: 'cold food' });
    (staff as unknown as { emit(e: string): void }).emit('rules:status');
    const ack = await emitAck(staff, 'recovery:recommend', { requestId: 'after', description: 'cold food' });
    expect(ack.ok).toBe(true);
    expect(staff.connected).toBe(true);
  });

  it('refuses a frame over the size limit by closing that connection, and logs nothing', async () => {
    const s = await srv.connect(srv.tokens.staff);
    const before = await logSize(srv);
    const closed = new Promise<string>((r) => s.once('disconnect', r));
    s.emit('recovery:recommend', { requestId: 'big', description: long(40_000) }, () => {});
    expect(await closed).toMatch(/transport/);
    expect(await logSize(srv)).toBe(before);
    // The server is fine for everyone else.
    expect((await emitAck(staff, 'rules:status', {})).ok).toBe(true);
  });
});

describe('rate limit', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES, rateLimit: { burst: 5, perSecond: 0.01 } });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('answers rate_limited past the burst, per token', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push(await emitAck(staff, 'rules:status', {}));
    expect(acks.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited', 'rate_limited']);
    const other = await srv.connect(srv.tokens.staffSanJose);
    expect((await emitAck(other, 'rules:status', {})).ok).toBe(true);
    // A limited recommend logs nothing.
    expect(await emitAck(staff, 'recovery:recommend', { requestId: 'limited', description: 'cold food' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await srv.readLog()).toHaveLength(0);
  });
});
