import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/errors.ts';
import { collect, emitAck, nextEvent, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

// In SMALL_RULES, "never ordered" → the loaner (90) over the approval line of 25.
const OVER = 'the parts were never ordered';

describe('approvals', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('round trip: request reaches the right managers, the decision reaches the staff widget and the log', async () => {
    const mia = await srv.connect(srv.tokens.manager); // '*'
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const sam = await srv.connect(srv.tokens.managerSanJose);
    const samSaw = collect(sam, 'approval:requested');
    const staff = await srv.connect(srv.tokens.staff);
    const staffTab2 = await srv.connect(srv.tokens.staff);

    const requestedMia = nextEvent(mia, 'approval:requested');
    const requestedDee = nextEvent(dee, 'approval:requested');
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'ap-1', description: OVER }));
    expect(rec.approval).toBe('pending');
    expect(rec.recommendation).toMatchObject({ needs_approval: true, gesture: { id: 'loaner' } });
    expect((await requestedMia).entry.id).toBe(rec.entry_id);
    expect((await requestedDee).entry.id).toBe(rec.entry_id);

    // Giving the gesture before approval is refused; declining it or swapping to another is fine.
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'ap-1', outcome: 'offered' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    expect(data(await emitAck(dee, 'approval:list', {})).map((p) => p.entry.id)).toEqual([rec.entry_id]);
    expect(data(await emitAck(sam, 'approval:list', {}))).toEqual([]);
    // Sam does not oversee des-moines.
    expect(await emitAck(sam, 'approval:decide', { entryId: rec.entry_id, approved: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const toStaff = nextEvent(staff, 'approval:decided');
    const toStaff2 = nextEvent(staffTab2, 'approval:decided');
    const toMia = nextEvent(mia, 'approval:decided');
    const ap = data(await emitAck(dee, 'approval:decide', { entryId: rec.entry_id, approved: true, note: 'ok, loyal customer' }));
    for (const got of [await toStaff, await toStaff2, await toMia]) {
      expect(got).toMatchObject({ id: ap.entry_id, ref: rec.entry_id, approved: true, request_id: 'ap-1', actor: { name: 'Dee', role: 'manager' } });
    }

    // Second decision: conflict. Queue is empty. Staff may now offer it.
    expect(await emitAck(mia, 'approval:decide', { entryId: rec.entry_id, approved: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(data(await emitAck(mia, 'approval:list', {}))).toEqual([]);
    expect((await emitAck(staff, 'recovery:decide', { requestId: 'ap-1', outcome: 'accepted' })).ok).toBe(true);
    // A retry of the request now tells the widget it was approved.
    expect(data(await emitAck(staff, 'recovery:recommend', { requestId: 'ap-1', description: OVER })).approval).toBe('approved');

    const disk = await srv.readLog();
    expect(disk.map((e) => e.type)).toEqual(['recommendation', 'approval', 'decision']);
    expect(disk[1]).toMatchObject({ type: 'approval', ref: rec.entry_id, approved: true, note: 'ok, loyal customer', location: 'des-moines', actor: { token_id: srv.tokenIds.managerDesMoines } });
    expect(samSaw).toEqual([]);
  });

  it('a declined gesture cannot be given; an alternative can', async () => {
    const mia = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'ap-2', description: OVER }));
    const told = nextEvent(staff, 'approval:decided');
    data(await emitAck(mia, 'approval:decide', { entryId: rec.entry_id, approved: false }));
    expect((await told).approved).toBe(false);
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'ap-2', outcome: 'accepted' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await emitAck(staff, 'recovery:decide', { requestId: 'ap-2', outcome: 'swapped', gestureId: 'coffee' })).ok).toBe(true);
  });

  it('two managers deciding at once: exactly one wins', async () => {
    const mia = await srv.connect(srv.tokens.manager);
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const staff = await srv.connect(srv.tokens.staff);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'ap-3', description: OVER }));
    const acks = await Promise.all([
      emitAck(mia, 'approval:decide', { entryId: rec.entry_id, approved: true }),
      emitAck(dee, 'approval:decide', { entryId: rec.entry_id, approved: false }),
    ]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok && a.error.code === 'conflict')).toHaveLength(1);
    expect((await srv.readLog()).filter((e) => e.type === 'approval')).toHaveLength(1);
  });

  it('unknown ids and gestures that need no approval are not_found', async () => {
    const mia = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const cheap = data(await emitAck(staff, 'recovery:recommend', { requestId: 'ap-4', description: 'cold food' }));
    expect(cheap.approval).toBe('not_needed');
    expect(await emitAck(mia, 'approval:decide', { entryId: cheap.entry_id, approved: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await emitAck(mia, 'approval:decide', { entryId: 'e999-nope', approved: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('the pending queue is rebuilt from the log after a restart', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const a = data(await emitAck(staff, 'recovery:recommend', { requestId: 'q1', description: OVER }));
    const b = data(await emitAck(staff, 'recovery:recommend', { requestId: 'q2', description: 'parts not ordered again' }));
    const mia = await srv.connect(srv.tokens.manager);
    data(await emitAck(mia, 'approval:decide', { entryId: a.entry_id, approved: true }));
    const { dataDir } = srv;
    const token = srv.tokens.manager;
    await srv.close();
    srv = await startTestServer({ dataDir });
    const again = await srv.connect(token);
    expect(data(await emitAck(again, 'approval:list', {})).map((p) => p.entry.id)).toEqual([b.entry_id]);
  });
});

describe('log:query and log:entry', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('managers see only their locations, auditors everything', async () => {
    const ana = await srv.connect(srv.tokens.staff);
    const bo = await srv.connect(srv.tokens.staffSanJose);
    const dm = data(await emitAck(ana, 'recovery:recommend', { requestId: 'l1', description: 'cold food' }));
    const sj = data(await emitAck(bo, 'recovery:recommend', { requestId: 'l2', description: 'cold food' }));
    const dmDecision = data(await emitAck(ana, 'recovery:decide', { requestId: 'l1', outcome: 'accepted' }));

    const auditor = await srv.connect(srv.tokens.auditor);
    const all = data(await emitAck(auditor, 'log:query', {}));
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.id)).toEqual([dmDecision.entry_id, sj.entry_id, dm.entry_id]);

    const sam = await srv.connect(srv.tokens.managerSanJose);
    const mine = data(await emitAck(sam, 'log:query', {}));
    expect(mine.entries.map((e) => e.id)).toEqual([sj.entry_id]);
    expect(await emitAck(sam, 'log:query', { location: 'des-moines' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitAck(sam, 'log:entry', { id: dm.entry_id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const multi = await srv.connect((await srv.addToken('manager', 'Two', ['des-moines', 'san-jose'])).secret);
    const both = data(await emitAck(multi, 'log:query', { limit: 2 }));
    expect(both.total).toBe(3);
    expect(both.entries.map((e) => e.id)).toEqual([dmDecision.entry_id, sj.entry_id]);
    expect(both.outcomes).toEqual({ [sj.entry_id]: 'none' });
    const page2 = data(await emitAck(multi, 'log:query', { limit: 2, offset: 2 }));
    expect(page2.entries.map((e) => e.id)).toEqual([dm.entry_id]);
    expect(page2.outcomes).toEqual({ [dm.entry_id]: 'accepted' });
    expect(all.outcomes).toEqual({ [sj.entry_id]: 'none', [dm.entry_id]: 'accepted' });

    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const detail = data(await emitAck(dee, 'log:entry', { id: dm.entry_id }));
    expect(detail.entry.id).toBe(dm.entry_id);
    expect(detail.related.map((e) => e.id)).toContain(dmDecision.entry_id);
  });
});
