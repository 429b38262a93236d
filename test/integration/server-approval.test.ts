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

/** Issue 9: gestures given = gestures approved = gestures logged, on the shipped rules. */
describe('every gesture given is approved and logged as given (shipped rules)', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rateLimit: false });
  });
  afterEach(async () => {
    await srv.close();
  });

  const CAR = 'car not ready when we promised, customer has been waiting';
  const BOOKING = 'we cannot find the booking, we overbooked';

  /** The export's row for a recommendation, by column name (no cell in these tests holds a quote or a line break). */
  async function csvRowOf(id: string): Promise<Record<string, string>> {
    const auditor = await srv.connect(srv.tokens.auditor);
    const cells = (line: string) => [...line.matchAll(/("[^"]*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '')).slice(0, -1);
    const csv = data(await emitAck(auditor, 'log:export', { format: 'csv' })).content.trim().split('\r\n');
    const head = cells(csv[0]!);
    const line = cells(csv.find((l) => l.includes(id))!);
    return Object.fromEntries(head.map((h, i) => [h, line[i]!]));
  }

  it('a swap over approval_above is its own approval request; accepting waits for it; log, export and Totals show the gesture given', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'car-1', description: CAR }));
    expect(rec.recommendation.rule_id).toBe('repair-not-ready');
    expect(rec.recommendation.gesture).toMatchObject({ id: 'coffee', value: 8 });
    const ride = rec.recommendation.alternatives.find((g) => g.id === 'rideshare')!;
    expect(ride).toMatchObject({ value: 30, needs_approval: true });
    expect(rec.approval).toBe('not_needed');

    const requested = nextEvent(dee, 'approval:requested');
    const swap = data(await emitAck(staff, 'recovery:decide', { requestId: 'car-1', outcome: 'swapped', gestureId: 'rideshare' }));
    expect(swap.state).toMatchObject({ gesture: { id: 'rideshare', value: 30, needs_approval: true }, approval: 'pending', phase: 'recommended' });
    // The swap answer carries the ride's own words, not the coffee rule's.
    expect(swap.state.say).not.toBe(rec.recommendation.say);
    expect(swap.state.say.toLowerCase()).toContain('ride');
    const asked = await requested;
    expect(asked.request).toEqual({ entry_id: swap.entry_id, gesture: expect.objectContaining({ id: 'rideshare', value: 30 }) });
    const queue = data(await emitAck(dee, 'approval:list', {}));
    expect(queue.map((p) => [p.request.entry_id, p.request.gesture.id, p.request.gesture.value])).toEqual([[swap.entry_id, 'rideshare', 30]]);

    for (const outcome of ['offered', 'accepted'] as const) {
      const refused = await emitAck(staff, 'recovery:decide', { requestId: 'car-1', outcome });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!refused.ok) expect(refused.error.message).toContain("waiting for a manager's approval");
    }
    // The recommendation itself asked for nothing: it is not a request a manager can decide.
    expect(await emitAck(dee, 'approval:decide', { entryId: rec.entry_id, approved: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const told = nextEvent(staff, 'approval:decided');
    data(await emitAck(dee, 'approval:decide', { entryId: swap.entry_id, approved: true, note: 'fine, call me on 515-555-0134' }));
    expect(await told).toMatchObject({ approved: true, gesture_id: 'rideshare', value: 30, request: swap.entry_id, request_id: 'car-1' });
    const accepted = data(await emitAck(staff, 'recovery:decide', { requestId: 'car-1', outcome: 'accepted' }));
    expect(accepted.state).toMatchObject({ gesture: { id: 'rideshare' }, phase: 'accepted', approval: 'approved' });

    const disk = await srv.readLog();
    const approval = disk.find((e) => e.type === 'approval');
    expect(approval).toMatchObject({ gesture_id: 'rideshare', value: 30, request: swap.entry_id });
    // Approval notes are redacted like descriptions.
    expect(JSON.stringify(approval)).not.toContain('555-0134');
    expect(disk.find((e) => e.id === swap.entry_id)).toMatchObject({ type: 'decision', outcome: 'swapped', gesture_id: 'rideshare', value: 30, needs_approval: true });

    expect(await csvRowOf(rec.entry_id)).toMatchObject({
      recommended_gesture: 'coffee', recommended_value: '8', gesture: 'rideshare', value: '30', needs_approval: 'true', approval: 'approved', outcome: 'accepted',
    });
    const auditor = await srv.connect(srv.tokens.auditor);
    // The log's page names the gesture given beside the entry (which keeps what was recommended).
    const page = data(await emitAck(auditor, 'log:query', { type: 'recommendation' }));
    expect(page.given).toEqual({ [rec.entry_id]: { id: 'rideshare', label: ride.label, value: 30 } });
    // ... and where it stands: approved, no reaction logged yet; then the customer's reaction.
    expect(page.states).toEqual({ [rec.entry_id]: { approval: 'approved' } });
    data(await emitAck(staff, 'recovery:decide', { requestId: 'car-1', outcome: 'accepted', reaction: 'satisfied' }));
    expect(data(await emitAck(auditor, 'log:query', { type: 'recommendation' })).states).toEqual({ [rec.entry_id]: { approval: 'approved', reaction: 'satisfied' } });
    const totals = data(await emitAck(auditor, 'stats:totals', {}));
    expect(totals).toMatchObject({ count: 1, value: 30, recommended_value: 8 });
    expect(totals.by_gesture.map((r) => [r.key, r.value])).toEqual([['rideshare', 30]]);
    const eff = data(await emitAck(auditor, 'stats:effectiveness', { days: 1 }));
    expect(eff.by_gesture.map((r) => [r.key, r.average_value, r.accepted])).toEqual([['rideshare', 30, 1]]);
  });

  it('swapping a pending upgrade to a free night withdraws the upgrade request; approving the upgrade never lets the night through', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'bk-1', description: BOOKING }));
    expect(rec.recommendation.gesture).toMatchObject({ id: 'room-upgrade', value: 60 });
    expect(rec.approval).toBe('pending');
    const withdrawn = nextEvent(dee, 'approval:withdrawn');
    const night = data(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'swapped', gestureId: 'free-night' }));
    // The manager's queue follows the table: the upgrade's request is withdrawn, the night's comes.
    expect(await withdrawn).toEqual({ entry_id: rec.entry_id, ref: rec.entry_id, request_id: 'bk-1' });
    expect(night.state).toMatchObject({ gesture: { id: 'free-night', value: 150 }, approval: 'pending' });
    const queue = data(await emitAck(dee, 'approval:list', {}));
    expect(queue.map((p) => [p.request.entry_id, p.request.gesture.id, p.request.gesture.value])).toEqual([[night.entry_id, 'free-night', 150]]);
    const stale = await emitAck(dee, 'approval:decide', { entryId: rec.entry_id, approved: true });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!stale.ok) expect(stale.error.message).toContain('no longer open');
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'accepted' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Back to the upgrade: a new request for it; approved; then a swap to the night asks again.
    const back = data(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'swapped', gestureId: 'room-upgrade' }));
    expect(back.state).toMatchObject({ gesture: { id: 'room-upgrade', value: 60 }, approval: 'pending' });
    expect(data(await emitAck(dee, 'approval:list', {})).map((p) => p.request.entry_id)).toEqual([back.entry_id]);
    data(await emitAck(dee, 'approval:decide', { entryId: back.entry_id, approved: true }));
    const again = data(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'swapped', gestureId: 'free-night' }));
    expect(again.entry_id).not.toBe(night.entry_id);
    expect(again.state.approval).toBe('pending');
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'accepted', gestureId: 'free-night' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Accepting the approved upgrade needs it back on the table first.
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'accepted', gestureId: 'room-upgrade' })).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'gestureId' } });
    data(await emitAck(dee, 'approval:decide', { entryId: again.entry_id, approved: false }));
    const declined = await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'offered' });
    expect(declined).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!declined.ok) expect(declined.error.message).toContain('declined');
    const up = data(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'swapped', gestureId: 'room-upgrade' }));
    expect(up.state).toMatchObject({ gesture: { id: 'room-upgrade' }, approval: 'approved' });
    data(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'accepted' }));
    // A night the manager declined cannot come back.
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'bk-1', outcome: 'swapped', gestureId: 'free-night', correction: { reason: 'guest asked' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    expect(await csvRowOf(rec.entry_id)).toMatchObject({ recommended_gesture: 'room-upgrade', gesture: 'room-upgrade', value: '60', approval: 'approved', outcome: 'accepted' });
    const auditor = await srv.connect(srv.tokens.auditor);
    expect(data(await emitAck(auditor, 'stats:totals', {}))).toMatchObject({ value: 60, recommended_value: 60 });
  });

  it('a swap and an acceptance sent at the same moment: one wins, the other is judged against it', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const other = await srv.connect(srv.tokens.staff);
    for (let i = 0; i < 5; i++) {
      data(await emitAck(staff, 'recovery:recommend', { requestId: `race-${i}`, description: CAR }));
      const acks = await Promise.all([
        emitAck(staff, 'recovery:decide', { requestId: `race-${i}`, outcome: 'accepted', gestureId: 'coffee' }),
        emitAck(other, 'recovery:decide', { requestId: `race-${i}`, outcome: 'swapped', gestureId: 'rideshare' }),
      ]);
      expect(acks.filter((a) => a.ok)).toHaveLength(1);
    }
    // Never a swap logged after a final outcome.
    const disk = await srv.readLog();
    for (const rec of disk.filter((e) => e.type === 'recommendation')) {
      expect(disk.filter((e) => e.type === 'decision' && e.ref === rec.id)).toHaveLength(1);
    }
  });

  it('the pending swap request survives a restart', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    data(await emitAck(staff, 'recovery:recommend', { requestId: 'car-r', description: CAR }));
    const swap = data(await emitAck(staff, 'recovery:decide', { requestId: 'car-r', outcome: 'swapped', gestureId: 'rideshare' }));
    const { dataDir } = srv;
    const tokens = srv.tokens;
    await srv.close();
    srv = await startTestServer({ dataDir, rateLimit: false });
    const mia = await srv.connect(tokens.manager);
    expect(data(await emitAck(mia, 'approval:list', {})).map((p) => [p.request.entry_id, p.request.gesture.id])).toEqual([[swap.entry_id, 'rideshare']]);
    const again = await srv.connect(tokens.staff);
    const retry = data(await emitAck(again, 'recovery:recommend', { requestId: 'car-r', description: CAR }));
    expect(retry.approval).toBe('pending');
    expect(retry.state).toMatchObject({ gesture: { id: 'rideshare' }, approval: 'pending', say: swap.state.say });
  });

  it('a final outcome changes only as a correction with a reason, logged redacted and shown in the trail', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'fl-1', description: CAR }));
    data(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'accepted' }));
    for (const outcome of ['declined', 'offered'] as const) {
      const refused = await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!refused.ok) expect(refused.error.message).toContain('correction');
    }
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'swapped', gestureId: 'lunch' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'declined', correction: { reason: '  ' } })).toMatchObject({
      ok: false, error: { code: 'invalid_payload', path: 'correction.reason' },
    });
    // A reaction to the outcome given is not a change.
    data(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'accepted', reaction: 'satisfied' }));
    const fixed = data(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'declined', correction: { reason: 'tapped the wrong button; guest is ana@example.com' } }));
    expect(fixed.state.phase).toBe('declined');
    // The retry of the correction is the same entry.
    expect(data(await emitAck(staff, 'recovery:decide', { requestId: 'fl-1', outcome: 'declined', correction: { reason: 'tapped the wrong button; guest is ana@example.com' } })).entry_id).toBe(fixed.entry_id);
    // A correction is only for a final outcome.
    const rec2 = data(await emitAck(staff, 'recovery:recommend', { requestId: 'fl-2', description: CAR }));
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'fl-2', outcome: 'offered', correction: { reason: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'correction' } });
    expect(rec2.entry_id).toBeTruthy();

    const disk = await srv.readLog();
    const corr = disk.find((e) => e.id === fixed.entry_id);
    expect(corr).toMatchObject({ type: 'decision', outcome: 'declined', correction: { reason: expect.stringContaining('[email]') } });
    expect(JSON.stringify(disk)).not.toContain('ana@example.com');
    const auditor = await srv.connect(srv.tokens.auditor);
    const detail = data(await emitAck(auditor, 'log:entry', { id: rec.entry_id }));
    expect(detail.trail?.map((s) => [s.what, s.gesture, s.correction ?? false])).toEqual([
      ['recommended', 'coffee', false],
      ['accepted', 'coffee', false],
      ['reaction: satisfied', 'coffee', false],
      ['declined', 'coffee', true],
    ]);
    expect(detail.trail?.[3]?.why).toContain('tapped the wrong button');
    expect(await csvRowOf(rec.entry_id)).toMatchObject({ outcome: 'declined', corrections: '1', reaction: 'satisfied' });
  });

  it('words belong to the gesture on the table: capped by the amount paid, and after a swap', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const spill = 'the waiter spilled red wine on her dress';
    const full = data(await emitAck(staff, 'recovery:recommend', { requestId: 'sp-1', description: spill }));
    expect(full.recommendation).toMatchObject({ rule_id: 'spill-on-clothes', gesture: { id: 'dry-cleaning' } });
    expect(full.recommendation.say).toContain('dry-cleaning');
    const capped = data(await emitAck(staff, 'recovery:recommend', { requestId: 'sp-2', description: spill, context: { amount_paid: 12 } }));
    expect(capped.recommendation.rule_id).toBe('spill-on-clothes');
    expect(capped.recommendation.gesture.id).not.toBe('dry-cleaning');
    expect(capped.recommendation.say.toLowerCase()).not.toContain('dry-clean');
    expect(capped.recommendation.say).toBe(capped.recommendation.gesture.say);
    // A swap from dry cleaning to dessert: the dessert's words.
    const swap = data(await emitAck(staff, 'recovery:decide', { requestId: 'sp-1', outcome: 'swapped', gestureId: 'free-dessert' }));
    expect(swap.state.say.toLowerCase()).not.toContain('dry-clean');
    expect(swap.state.say).toBe(full.recommendation.alternatives.find((g) => g.id === 'free-dessert')?.say);
    const disk = await srv.readLog();
    expect(disk.find((e) => e.id === swap.entry_id)).toMatchObject({ say: swap.state.say });
  });

  it('a swap to a gesture within every limit needs no approval (the cap itself: test/unit/recovery-state)', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    // Paid 16: the cap is 24; the comped dish (24) fits, the dessert too; the dry cleaning (30) not.
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'cap-1', description: 'the waiter spilled red wine on her dress', context: { amount_paid: 16 } }));
    expect(rec.recommendation.gesture.id).toBe('comped-dish');
    expect(rec.approval).toBe('not_needed');
    const swap = data(await emitAck(staff, 'recovery:decide', { requestId: 'cap-1', outcome: 'swapped', gestureId: 'free-dessert' }));
    expect(swap.state.approval).toBe('not_needed');
    data(await emitAck(staff, 'recovery:decide', { requestId: 'cap-1', outcome: 'accepted' }));
  });
});
