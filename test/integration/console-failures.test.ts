/** stats:failures against the real server and log: buckets by rule and location, who sees what, bad ranges refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { CONSOLE_RULES, PARTS, ROOM } from '../support/console-rules.ts';

let srv: TestServer;
let auditor: TestSocket;
let dee: TestSocket;
let n = 0;

async function recover(who: TestSocket, description: string) {
  const ack = await emitAck(who, 'recovery:recommend', { requestId: `f-${++n}`, description });
  if (!ack.ok) throw new Error(ack.error.message);
}

beforeAll(async () => {
  srv = await startTestServer({ rulesText: CONSOLE_RULES, rateLimit: false });
  const staff = await srv.connect(srv.tokens.staff);
  const staffSJ = await srv.connect(srv.tokens.staffSanJose);
  auditor = await srv.connect(srv.tokens.auditor);
  dee = await srv.connect(srv.tokens.managerDesMoines);
  for (let i = 0; i < 3; i++) await recover(staff, PARTS);
  await recover(staffSJ, ROOM);
});
afterAll(async () => {
  await srv.close();
});

const data = <T>(ack: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('stats:failures', () => {
  it('counts the log per hour by rule and by location; the buckets cover the range and hold every recovery', async () => {
    const s = data(await emitAck(auditor, 'stats:failures', { bucket: 'hour' }));
    expect(s.bucket).toBe('hour');
    expect(s.starts.length).toBeGreaterThanOrEqual(48);
    expect(s.total).toBe(4);
    expect(s.by_rule.map((r) => [r.key, r.total, sum(r.counts), r.counts.length])).toEqual([
      ['parts-not-ordered', 3, 3, s.starts.length],
      ['room-not-ready', 1, 1, s.starts.length],
    ]);
    expect(s.by_rule[0]!.label).toEqual(expect.any(String));
    expect(s.by_location.map((r) => [r.key, r.total])).toEqual([
      ['des-moines', 3],
      ['san-jose', 1],
    ]);
    // Everything was logged just now: in the latest bucket.
    expect(s.by_location[0]!.counts.at(-1)).toBe(3);
  });

  it('a manager sees only the locations they oversee and may not ask for another', async () => {
    const s = data(await emitAck(dee, 'stats:failures', { bucket: 'day' }));
    expect(s.total).toBe(3);
    expect(s.by_location.map((r) => r.key)).toEqual(['des-moines']);
    expect(await emitAck(dee, 'stats:failures', { bucket: 'day', location: 'san-jose' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sj = data(await emitAck(auditor, 'stats:failures', { bucket: 'week', location: 'san-jose' }));
    expect(sj.by_rule.map((r) => [r.key, r.total])).toEqual([['room-not-ready', 1]]);
  });

  it('refuses a bucket it does not know, a range that ends before it starts and too many buckets, saying which field (path)', async () => {
    expect(await emitAck(auditor, 'stats:failures', { bucket: 'month' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const backwards = await emitAck(auditor, 'stats:failures', { bucket: 'day', since: '2026-11-10', until: '2026-11-01' });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'since' } });
    const many = await emitAck(auditor, 'stats:failures', { bucket: 'hour', since: '2025-01-01', until: '2026-01-01' });
    expect(many).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'bucket' } });
    if (!many.ok) expect(many.error.message).toMatch(/more than 400 hours/);
    // The server keeps answering.
    expect(data(await emitAck(auditor, 'stats:failures', { bucket: 'week' })).total).toBe(4);
  });
});
