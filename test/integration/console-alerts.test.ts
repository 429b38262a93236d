import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collect, emitAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { CONSOLE_RULES, PARTS, ROOM } from '../support/console-rules.ts';
import type { AlertView } from '../../server/contract/index.ts';

let srv: TestServer | undefined;
const hooks: Server[] = [];
afterEach(async () => {
  await srv?.close();
  srv = undefined;
  await Promise.all(hooks.splice(0).map((h) => new Promise((r) => { h.close(r); h.closeAllConnections(); })));
});

/** A real webhook receiver on port 0; `status` decides the answer. */
async function webhookServer(status = 200) {
  const bodies: unknown[] = [];
  let waiting: (() => void) | null = null;
  let hits = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits += 1;
      if (status < 300) bodies.push(JSON.parse(body));
      res.statusCode = status;
      res.end();
      waiting?.();
    });
  });
  hooks.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      if (pred()) return resolve();
      waiting = () => pred() && resolve();
    });
  return { url, bodies, hits: () => hits, until };
}

let n = 0;
async function fail(staff: TestSocket, description: string): Promise<string> {
  const ack = await emitAck(staff, 'recovery:recommend', { requestId: `q-${++n}`, description });
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack.data.entry_id;
}

/** Appends and acks an unrelated entry: any alert triggered before it is on disk once this returns. */
async function sync(staff: TestSocket): Promise<void> {
  await fail(staff, 'the coffee machine is broken');
}

const alertsOnDisk = async () => (await srv!.readLog()).filter((e) => e.type === 'alert');

describe('strike-team quorum alerts', () => {
  it('all-locations: nothing at N-1, exactly one alert at the Nth, pushed to every manager and POSTed', async () => {
    const hook = await webhookServer();
    srv = await startTestServer({ rulesText: CONSOLE_RULES, settings: { webhookUrl: hook.url } });
    const dm = await srv.connect(srv.tokens.managerDesMoines);
    const sj = await srv.connect(srv.tokens.managerSanJose);
    const staff = await srv.connect(srv.tokens.staff);
    const staffSJ = await srv.connect(srv.tokens.staffSanJose);
    const firedDM = collect(dm, 'alert:fired');

    const first = [await fail(staff, PARTS), await fail(staffSJ, PARTS)];
    await sync(staff);
    expect(await alertsOnDisk()).toEqual([]);
    expect(firedDM).toEqual([]);

    const atSJ = nextEvent(sj, 'alert:fired');
    const third = await fail(staff, PARTS);
    const alert = await atSJ;
    // San José's manager learns of the alert, with San José's failure and only a count of the others.
    expect(alert).toMatchObject({ type: 'alert', alert_id: 'parts-quorum', rule_id: 'parts-not-ordered', scope: 'all-locations', count: 3, failures: [first[1]], hidden_failures: 2, message: 'Check the parts ordering system.' });
    expect(alert.location).toBeUndefined();

    // Same incident: more failures inside the window fire nothing new.
    await fail(staffSJ, PARTS);
    await fail(staff, PARTS);
    await sync(staff);
    expect((await alertsOnDisk()).map((e) => e.id)).toEqual([alert.id]);
    expect((await alertsOnDisk())[0]).toMatchObject({ failures: [...first, third] });
    expect(firedDM.map((a) => [a.id, a.failures, a.hidden_failures])).toEqual([[alert.id, [first[0], third], 1]]);

    await hook.until(() => hook.bodies.length === 1);
    expect(hook.bodies[0]).toMatchObject({
      event: 'alert.fired',
      text: 'Check the parts ordering system.',
      alert: { id: alert.id, alert_id: 'parts-quorum' },
      failures: [{ id: first[0], location: 'des-moines', staff: 'Ana', description: PARTS }, { id: first[1], location: 'san-jose' }, { id: third }],
    });

    const auditor = await srv.connect(srv.tokens.auditor);
    const list = await emitAck(auditor, 'alert:list', {});
    expect(list.ok && list.data.map((a: AlertView) => [a.entry_id, a.status, a.failures.length])).toEqual([[alert.id, 'open', 3]]);
  });

  it('per-location: counts each location alone and tells only the managers overseeing it', async () => {
    srv = await startTestServer({ rulesText: CONSOLE_RULES });
    const all = await srv.connect(srv.tokens.manager);
    const dm = await srv.connect(srv.tokens.managerDesMoines);
    const sj = await srv.connect(srv.tokens.managerSanJose);
    const staff = await srv.connect(srv.tokens.staff);
    const staffSJ = await srv.connect(srv.tokens.staffSanJose);
    const firedSJ = collect(sj, 'alert:fired');

    await fail(staff, ROOM);
    await fail(staffSJ, ROOM);
    await sync(staff);
    expect(await alertsOnDisk()).toEqual([]);

    const atDM = nextEvent(dm, 'alert:fired');
    const atAll = nextEvent(all, 'alert:fired');
    await fail(staff, ROOM);
    const alert = await atDM;
    expect(alert).toMatchObject({ alert_id: 'rooms-local', scope: 'per-location', location: 'des-moines', count: 2 });
    expect((await atAll).id).toBe(alert.id);
    // A round trip on the San José socket: anything emitted to it before would have arrived first.
    const sjList = await emitAck(sj, 'alert:list', {});
    expect(firedSJ).toEqual([]);
    expect(sjList.ok && sjList.data).toEqual([]);
  });

  it('all-locations: a manager of one location gets only a count of the others (list and push), cannot close it; one who sees all can', async () => {
    srv = await startTestServer({ rulesText: CONSOLE_RULES });
    const all = await srv.connect(srv.tokens.manager);
    const dm = await srv.connect(srv.tokens.managerDesMoines);
    const staff = await srv.connect(srv.tokens.staff);
    const staffSJ = await srv.connect(srv.tokens.staffSanJose);
    const secretSJ = 'the parts were never ordered for Mrs Okafor at the San Jose desk';
    const atAll = nextEvent(all, 'alert:fired');
    const mine = await fail(staff, PARTS);
    const theirs = [await fail(staffSJ, secretSJ), await fail(staffSJ, PARTS)];
    const alert = await atAll;
    expect(alert).toMatchObject({ failures: [mine, ...theirs] });
    expect(alert.hidden_failures).toBeUndefined();

    const list = await emitAck(dm, 'alert:list', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.data).toHaveLength(1);
    const view = list.data[0]!;
    expect(view).toMatchObject({ entry_id: alert.id, status: 'open', hidden_failures: 2, can_close: false, alert: { failures: [mine] } });
    expect(view.failures.map((f) => f.id)).toEqual([mine]);
    // Nothing of San José's failures travels to this manager: no ids, no words.
    const wire = JSON.stringify(list.data);
    for (const id of theirs) expect(wire).not.toContain(id);
    expect(wire).not.toContain('Okafor');
    // The same ids through log:entry: not_found, consistently.
    for (const id of theirs) expect(await emitAck(dm, 'log:entry', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // The alert entry itself through log:entry names only the failures this manager oversees.
    const detail = await emitAck(dm, 'log:entry', { id: alert.id });
    expect(detail.ok && detail.data.entry).toMatchObject({ type: 'alert', failures: [mine] });
    for (const id of theirs) expect(JSON.stringify(detail)).not.toContain(id);
    const fullDetail = await emitAck(all, 'log:entry', { id: alert.id });
    expect(fullDetail.ok && fullDetail.data.entry).toMatchObject({ failures: [mine, ...theirs] });

    const refused = await emitAck(dm, 'alert:close', { entryId: alert.id, root_cause: 'supplier portal down', fix: 'ordered by phone' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', path: 'entryId' } });
    expect(!refused.ok && refused.error.message).toMatch(/2 of its failures are at locations you do not oversee/);
    expect((await srv.readLog()).filter((e) => e.type === 'alert_closed')).toEqual([]);

    const full = await emitAck(all, 'alert:list', {});
    expect(full.ok && full.data[0]).toMatchObject({ hidden_failures: 0, can_close: true });
    expect(full.ok && full.data[0]!.failures.map((f) => f.id)).toEqual([mine, ...theirs]);
    const auditor = await srv.connect(srv.tokens.auditor);
    const audited = await emitAck(auditor, 'alert:list', {});
    expect(audited.ok && audited.data[0]).toMatchObject({ hidden_failures: 0, can_close: false });
    expect((await emitAck(all, 'alert:close', { entryId: alert.id, root_cause: 'supplier portal down', fix: 'ordered by phone' })).ok).toBe(true);
    // Once closed, the one-location manager still sees it with the count, closed.
    const after = await emitAck(dm, 'alert:list', {});
    expect(after.ok && after.data[0]).toMatchObject({ status: 'closed', hidden_failures: 2, can_close: false });
  });

  it('root cause and fix are redacted like descriptions before they reach the log', async () => {
    srv = await startTestServer({ rulesText: CONSOLE_RULES });
    const manager = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const fired = nextEvent(manager, 'alert:fired');
    for (let i = 0; i < 3; i++) await fail(staff, PARTS);
    const alert = await fired;
    const closedLive = nextEvent(manager, 'alert:closed');
    const ack = await emitAck(manager, 'alert:close', {
      entryId: alert.id,
      root_cause: 'supplier rep ana.ruiz@parts.example (515) 555-0134 never confirmed',
      fix: 'refunded card 4111 1111 1111 1111; call +44 20 7946 0958 on delays',
    });
    expect(ack.ok).toBe(true);
    const closed = (await srv.readLog()).find((e) => e.type === 'alert_closed');
    expect(closed).toMatchObject({ root_cause: 'supplier rep [email] [phone] never confirmed', fix: 'refunded card [card]; call [phone] on delays' });
    expect(await closedLive).toMatchObject({ root_cause: 'supplier rep [email] [phone] never confirmed' });
    const disk = await readFile(srv.logFile, 'utf8');
    for (const secret of ['ana.ruiz@parts.example', '555-0134', '4111 1111', '7946']) expect(disk).not.toContain(secret);
  });

  it('cannot be closed without a root cause and a fix; closes once; the close is logged and pushed', async () => {
    srv = await startTestServer({ rulesText: CONSOLE_RULES });
    const manager = await srv.connect(srv.tokens.manager);
    const other = await srv.connect(srv.tokens.managerSanJose);
    const staff = await srv.connect(srv.tokens.staff);
    const fired = nextEvent(manager, 'alert:fired');
    for (let i = 0; i < 3; i++) await fail(staff, PARTS);
    const alert = await fired;

    for (const bad of [{ fix: 'x' }, { root_cause: 'x' }, { root_cause: '  ', fix: 'new supplier' }, { root_cause: 'late supplier', fix: '' }]) {
      const ack = await emitAck(manager, 'alert:close', { entryId: alert.id, ...bad });
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await emitAck(staff, 'alert:close', { entryId: alert.id, root_cause: 'a', fix: 'b' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitAck(manager, 'alert:close', { entryId: 'e999999-000000', root_cause: 'a', fix: 'b' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await srv.readLog()).filter((e) => e.type === 'alert_closed')).toEqual([]);

    const closedLive = nextEvent(other, 'alert:closed');
    const ok = await emitAck(manager, 'alert:close', { entryId: alert.id, root_cause: 'supplier portal down', fix: 'ordered by phone; portal monitored' });
    expect(ok.ok).toBe(true);
    expect(await closedLive).toMatchObject({ type: 'alert_closed', ref: alert.id, root_cause: 'supplier portal down', actor: { name: 'Mia', role: 'manager' } });
    expect(await emitAck(manager, 'alert:close', { entryId: alert.id, root_cause: 'again', fix: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await srv.readLog()).filter((e) => e.type === 'alert_closed')).toHaveLength(1);

    const list = await emitAck(manager, 'alert:list', {});
    expect(list.ok && list.data[0]).toMatchObject({ status: 'closed', closed: { fix: 'ordered by phone; portal monitored' } });

    // Closed means re-armed: three fresh failures make a new alert.
    const again = nextEvent(manager, 'alert:fired');
    for (let i = 0; i < 3; i++) await fail(staff, PARTS);
    expect((await again).id).not.toBe(alert.id);
  });

  it('after a restart, the open alert and its window come back from the log: no second alert for the same incident', async () => {
    srv = await startTestServer({ rulesText: CONSOLE_RULES });
    let staff = await srv.connect(srv.tokens.staff);
    let manager = await srv.connect(srv.tokens.manager);
    const fired = nextEvent(manager, 'alert:fired');
    for (let i = 0; i < 3; i++) await fail(staff, PARTS);
    const alert = await fired;
    const dataDir = srv.dataDir;
    await srv.close();

    srv = await startTestServer({ dataDir });
    staff = await srv.connect(srv.tokens.staff);
    manager = await srv.connect(srv.tokens.manager);
    await fail(staff, PARTS);
    await sync(staff);
    expect((await alertsOnDisk()).map((e) => e.id)).toEqual([alert.id]);
    const list = await emitAck(manager, 'alert:list', {});
    expect(list.ok && list.data.map((a: AlertView) => [a.entry_id, a.status])).toEqual([[alert.id, 'open']]);
    // Stats were rebuilt from the log on disk, plus what came after the restart.
    const eff = await emitAck(manager, 'stats:effectiveness', { days: 7 });
    expect(eff.ok && eff.data.by_rule.map((r) => [r.key, r.offered])).toEqual([['parts-not-ordered', 4], ['fallback', 1]]);
    const auditor = await srv.connect(srv.tokens.auditor);
    const chain = await emitAck(auditor, 'log:chain', {});
    const disk = await srv.readLog();
    expect(chain.ok && chain.data).toMatchObject({ ok: true, verified_count: disk.length, head_hash: disk.at(-1)!.hash });
  });

  for (const dead of ['closed port', 'HTTP 500'] as const) {
    it(`a dead webhook (${dead}) changes nothing else`, async () => {
      let url: string;
      let hook: Awaited<ReturnType<typeof webhookServer>> | null = null;
      if (dead === 'HTTP 500') {
        hook = await webhookServer(500);
        url = hook.url;
      } else {
        const gone = await webhookServer();
        url = gone.url;
        await new Promise((r) => hooks.pop()!.close(r));
      }
      srv = await startTestServer({ rulesText: CONSOLE_RULES, settings: { webhookUrl: url } });
      const manager = await srv.connect(srv.tokens.manager);
      const staff = await srv.connect(srv.tokens.staff);
      const fired = nextEvent(manager, 'alert:fired');
      for (let i = 0; i < 3; i++) await fail(staff, PARTS);
      const alert = await fired;
      // Recommendations and decisions keep answering while the webhook fails and retries.
      for (let i = 0; i < 3; i++) await fail(staff, 'the lift was out of order');
      const decide = await emitAck(staff, 'recovery:decide', { requestId: `q-${n}`, outcome: 'accepted' });
      expect(decide.ok).toBe(true);
      expect((await srv.readLog()).filter((e) => e.type === 'alert').map((e) => e.id)).toEqual([alert.id]);
      if (hook) await hook.until(() => hook!.hits() === 3);
      const gaveUp = () => srv!.logLines.some((l) => l.includes('webhook gave up after 3 tries'));
      while (!gaveUp()) await new Promise((r) => setTimeout(r, 50));
      expect(srv.logLines.filter((l) => l.includes(`alert ${alert.id}: webhook: try`))).toHaveLength(3);
      expect(srv.logLines.join('\n')).not.toContain(srv.tokens.staff);
    });
  }
});
