/**
 * The console's own client code (widget/console/api.ts) against the real server: the live
 * feed reaches every manager console concerned, and an approval made in the console reaches
 * the staff member's socket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, emitAck, nextEvent, startTestServer, type TestServer } from '../support/server-harness.ts';
import { CONSOLE_RULES, DENT, PARTS } from '../support/console-rules.ts';
import { connect, type ConsoleApi } from '../../widget/console/api.ts';
import type { ServerToClientEvents } from '../../server/contract/index.ts';

let srv: TestServer;
const consoles: ConsoleApi[] = [];
beforeEach(async () => {
  srv = await startTestServer({ rulesText: CONSOLE_RULES });
});
afterEach(async () => {
  consoles.splice(0).forEach((c) => c.close());
  await srv.close();
});

async function openConsole(token: string) {
  const res = await connect(token, srv.url);
  if (!res.ok) throw new Error(res.message);
  consoles.push(res.api);
  return res;
}

function next<E extends keyof ServerToClientEvents>(api: ConsoleApi, event: E): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const off = api.on(event, ((p: Parameters<ServerToClientEvents[E]>[0]) => {
      off();
      resolve(p);
    }) as never);
  });
}

describe('console live feed', () => {
  it('reaches a second manager console the moment a recovery is logged, and not a manager of elsewhere', async () => {
    const hq = await openConsole(srv.tokens.manager);
    const local = await openConsole(srv.tokens.managerDesMoines);
    const away = await openConsole(srv.tokens.managerSanJose);
    const seenAway: unknown[] = [];
    away.api.on('recovery:logged', (e) => seenAway.push(e));
    const staff = await srv.connect(srv.tokens.staff);

    const atHq = next(hq.api, 'recovery:logged');
    const atLocal = next(local.api, 'recovery:logged');
    const ack = await emitAck(staff, 'recovery:recommend', { requestId: 'live-1', description: PARTS });
    if (!ack.ok) throw new Error(ack.error.message);
    for (const e of [await atHq, await atLocal]) expect(e).toMatchObject({ id: ack.data.entry_id, location: 'des-moines', description: PARTS, rule_id: 'parts-not-ordered' });

    const decided = next(local.api, 'recovery:decided');
    await emitAck(staff, 'recovery:decide', { requestId: 'live-1', outcome: 'accepted', reaction: 'satisfied' });
    expect(await decided).toMatchObject({ ref: ack.data.entry_id, outcome: 'accepted', reaction: 'satisfied' });

    // A round trip on the San José console: anything sent to it earlier would have arrived first.
    const live = await away.api.request('stats:live', {});
    expect(seenAway).toEqual([]);
    expect(live).toMatchObject({ ok: true, data: { last_hour: {}, last_day: {} } });
    // San José's manager gets a quiet tile for their own location, nothing of Des Moines.
    expect(live.ok && live.data.tiles?.map((t) => [t.location, t.last_day])).toEqual([['san-jose', 0]]);
    const hqLive = await hq.api.request('stats:live', {});
    expect(hqLive).toMatchObject({ ok: true, data: { last_hour: { 'parts-not-ordered': { 'des-moines': 1 } }, last_day: { 'parts-not-ordered': { 'des-moines': 1 } } } });
    expect(hqLive.ok && hqLive.data.tiles?.find((t) => t.location === 'des-moines')).toMatchObject({ last_hour: 1, last_day: 1, top: [{ rule: 'parts-not-ordered', count: 1 }] });
  });

  it('sees hello with the role, so a staff token can be refused; the server forbids it too', async () => {
    const staffConsole = await openConsole(srv.tokens.staff);
    expect(staffConsole.hello.principal.role).toBe('staff');
    expect(await staffConsole.api.request('log:query', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await connect('not-a-token', srv.url)).toMatchObject({ ok: false });
  });
});

describe('console approvals', () => {
  it('a request over the threshold appears live; approving it in the console reaches the staff socket and the log', async () => {
    const mgr = await openConsole(srv.tokens.managerDesMoines);
    const staff = await srv.connect(srv.tokens.staff);
    const toStaff = collect(staff, 'approval:decided');

    const requested = next(mgr.api, 'approval:requested');
    const ack = await emitAck(staff, 'recovery:recommend', { requestId: 'big-1', description: DENT });
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.data.approval).toBe('pending');
    const pending = await requested;
    expect(pending.entry.id).toBe(ack.data.entry_id);

    const queue = await mgr.api.request('approval:list', {});
    expect(queue.ok && queue.data.map((p) => p.entry.id)).toEqual([ack.data.entry_id]);

    const decidedAtStaff = nextEvent(staff, 'approval:decided');
    const decidedAtConsole = next(mgr.api, 'approval:decided');
    const res = await mgr.api.request('approval:decide', { entryId: ack.data.entry_id, approved: true, note: 'fine, regular customer' });
    expect(res.ok).toBe(true);
    const atStaff = await decidedAtStaff;
    expect(atStaff).toMatchObject({ type: 'approval', ref: ack.data.entry_id, approved: true, request_id: 'big-1', note: 'fine, regular customer' });
    expect((await decidedAtConsole).ref).toBe(ack.data.entry_id);
    expect(toStaff).toHaveLength(1);

    const approvals = (await srv.readLog()).filter((e) => e.type === 'approval');
    expect(approvals).toMatchObject([{ ref: ack.data.entry_id, approved: true, actor: { name: 'Dee', role: 'manager' } }]);
    expect(await mgr.api.request('approval:decide', { entryId: ack.data.entry_id, approved: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const after = await mgr.api.request('approval:list', {});
    expect(after.ok && after.data).toEqual([]);
  });
});
