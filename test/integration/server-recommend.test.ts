import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitAck, nextEvent, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';
import type { Ack } from '../../server/contract/errors.ts';

const DEALERSHIP = 'parts for the booked repair were never ordered';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe('recovery:recommend (shipped rules)', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  it('answers the dealership case, tells managers and writes the entry to disk', async () => {
    const manager = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const logged = nextEvent(manager, 'recovery:logged');

    const ack = data(await emitAck(staff, 'recovery:recommend', { requestId: 'req-1', description: DEALERSHIP, context: { customer_ref: 'C-1' } }));
    expect(ack.recommendation.rule_id).toBe('parts-not-ordered');
    expect(ack.recommendation.rules_version).toBe(srv.running.app.ctx.rules().version);
    expect(ack.approval).toBe(ack.recommendation.needs_approval ? 'pending' : 'not_needed');

    const live = await logged;
    expect(live.id).toBe(ack.entry_id);
    expect(live.location).toBe('des-moines');

    const disk = await srv.readLog();
    expect(disk).toHaveLength(1);
    expect(disk[0]).toMatchObject({
      type: 'recommendation',
      id: ack.entry_id,
      request_id: 'req-1',
      description: DEALERSHIP,
      location: 'des-moines',
      context: { customer_ref: 'C-1', location: 'des-moines' },
      actor: { token_id: srv.tokenIds.staff, name: 'Ana', role: 'staff' },
      rule_id: 'parts-not-ordered',
      gesture: { id: ack.recommendation.gesture.id, value: ack.recommendation.gesture.value },
      value: ack.recommendation.gesture.value,
      rules_version: ack.recommendation.rules_version,
    });
  });
});

describe('recovery:recommend and recovery:decide (small rules)', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('a retry with the same requestId returns the same answer and appends nothing', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const first = data(await emitAck(staff, 'recovery:recommend', { requestId: 'same', description: 'the soup was cold' }));
    const again = data(await emitAck(staff, 'recovery:recommend', { requestId: 'same', description: 'the soup was cold' }));
    expect(again).toEqual(first);
    expect(await srv.readLog()).toHaveLength(1);
  });

  it('a retry after a reconnect returns the same answer', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const first = data(await emitAck(staff, 'recovery:recommend', { requestId: 'rc-1', description: 'the soup was cold' }));
    staff.close();
    const again = await srv.connect(srv.tokens.staff);
    expect(data(await emitAck(again, 'recovery:recommend', { requestId: 'rc-1', description: 'the soup was cold' })).entry_id).toBe(first.entry_id);
    expect(await srv.readLog()).toHaveLength(1);
  });

  it('concurrent duplicates while the first is in flight log one entry', async () => {
    const a = await srv.connect(srv.tokens.staff);
    const b = await srv.connect(srv.tokens.staff);
    const acks = await Promise.all([a, b, a, b].map((s) => emitAck(s, 'recovery:recommend', { requestId: 'burst', description: 'the soup was cold' })));
    const ids = new Set(acks.map((x) => data(x).entry_id));
    expect(ids.size).toBe(1);
    expect(await srv.readLog()).toHaveLength(1);
  });

  it('the same requestId from two staff members is two requests', async () => {
    const a = await srv.connect(srv.tokens.staff);
    const b = await srv.connect(srv.tokens.staffSanJose);
    const x = data(await emitAck(a, 'recovery:recommend', { requestId: 'r', description: 'the soup was cold' }));
    const y = data(await emitAck(b, 'recovery:recommend', { requestId: 'r', description: 'the soup was cold' }));
    expect(x.entry_id).not.toBe(y.entry_id);
    const disk = await srv.readLog();
    expect(disk.map((e) => ('location' in e ? e.location : null))).toEqual(['des-moines', 'san-jose']);
  });

  it('redacts e-mail, phone and card numbers on disk but recommends from the full text', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const text = 'cold food again, email ana@example.com or call (515) 555-0134, card 4111 1111 1111 1111';
    const ack = data(await emitAck(staff, 'recovery:recommend', { requestId: 'pii', description: text, context: { note_extra: 'reach me at bob@example.org' } }));
    expect(ack.recommendation.rule_id).toBe('cold-food');
    const raw = await (await import('node:fs/promises')).readFile(srv.logFile, 'utf8');
    expect(raw).not.toContain('ana@example.com');
    expect(raw).not.toContain('555-0134');
    expect(raw).not.toContain('4111 1111 1111 1111');
    expect(raw).not.toContain('bob@example.org');
    const [entry] = await srv.readLog();
    expect(entry?.type === 'recommendation' && entry.description).toContain('[email]');
  });

  it('a repeat customer within the window is flagged', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const first = data(await emitAck(staff, 'recovery:recommend', { requestId: 'c1', description: 'the soup was cold', context: { customer_ref: 'CUST-9' } }));
    const second = data(await emitAck(staff, 'recovery:recommend', { requestId: 'c2', description: 'the soup was cold', context: { customer_ref: 'CUST-9' } }));
    const other = data(await emitAck(staff, 'recovery:recommend', { requestId: 'c3', description: 'the soup was cold', context: { customer_ref: 'CUST-10' } }));
    expect(first.recommendation.repeat).toBe(false);
    expect(second.recommendation.repeat).toBe(true);
    expect(other.recommendation.repeat).toBe(false);
  });

  it('decide logs a decision linked to its request, tells managers, and is idempotent', async () => {
    const manager = await srv.connect(srv.tokens.managerDesMoines);
    const staff = await srv.connect(srv.tokens.staff);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'd1', description: 'the soup was cold' }));
    const decided = nextEvent(manager, 'recovery:decided');
    const d = data(await emitAck(staff, 'recovery:decide', { requestId: 'd1', outcome: 'accepted', reaction: 'satisfied', note: 'happy now' }));
    const live = await decided;
    expect(live).toMatchObject({ id: d.entry_id, ref: rec.entry_id, outcome: 'accepted', gesture_id: 'discount', reaction: 'satisfied' });
    const again = data(await emitAck(staff, 'recovery:decide', { requestId: 'd1', outcome: 'accepted', reaction: 'satisfied' }));
    expect(again.entry_id).toBe(d.entry_id);
    const disk = await srv.readLog();
    expect(disk.map((e) => e.type)).toEqual(['recommendation', 'decision']);
    expect(disk[1]).toMatchObject({ type: 'decision', ref: rec.entry_id, request_id: 'd1', location: 'des-moines', note: 'happy now' });
  });

  it("logs swaps there and back, the outcome, and the customer's reaction given after it, each once", async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const rec = data(await emitAck(staff, 'recovery:recommend', { requestId: 'r1', description: 'the soup was cold' }));
    const first = rec.recommendation.gesture.id;
    const alternatives = rec.recommendation.alternatives.map((g) => g.id);
    expect(alternatives.length).toBeGreaterThanOrEqual(1);
    // Swap to each alternative, then back: every swap is a new decision, a retry of the last one is not.
    const swaps = [];
    for (const gestureId of [...alternatives, first]) swaps.push(data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'swapped', gestureId })).entry_id);
    expect(new Set(swaps).size).toBe(alternatives.length + 1);
    expect(data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'swapped', gestureId: first })).entry_id).toBe(swaps.at(-1));
    const accepted = data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'accepted' }));
    // The widget sends the reaction as a second decide with the same outcome.
    const reaction = data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'accepted', reaction: 'delighted' }));
    expect(reaction.entry_id).not.toBe(accepted.entry_id);
    const retried = data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'accepted', reaction: 'delighted' }));
    expect(retried.entry_id).toBe(reaction.entry_id);
    // The outcome given is repeated: nothing new.
    expect(data(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'accepted' })).entry_id).toBe(accepted.entry_id);
    // After a final outcome a swap is a correction.
    expect(await emitAck(staff, 'recovery:decide', { requestId: 'r1', outcome: 'swapped', gestureId: alternatives[0] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const decisions = (await srv.readLog()).filter((e) => e.type === 'decision');
    expect(decisions.map((e) => e.type === 'decision' && [e.outcome, e.gesture_id, e.reaction ?? null])).toEqual([
      ...[...alternatives, first].map((g) => ['swapped', g, null]),
      ['accepted', first, null],
      ['accepted', first, 'delighted'],
    ]);
  });

  it('decide: a swap to an alternative is logged; an unknown gesture or request is refused', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    data(await emitAck(staff, 'recovery:recommend', { requestId: 'd2', description: 'the soup was cold' }));
    const swap = await emitAck(staff, 'recovery:decide', { requestId: 'd2', outcome: 'swapped', gestureId: 'coffee' });
    expect(swap.ok).toBe(true);
    const bad = await emitAck(staff, 'recovery:decide', { requestId: 'd2', outcome: 'accepted', gestureId: 'loaner' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'gestureId' } });
    data(await emitAck(staff, 'recovery:recommend', { requestId: 'd3', description: 'the soup was cold' }));
    const swapSame = await emitAck(staff, 'recovery:decide', { requestId: 'd3', outcome: 'swapped', gestureId: 'discount' });
    expect(swapSame).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'gestureId' } });
    const missing = await emitAck(staff, 'recovery:decide', { requestId: 'never-sent', outcome: 'offered' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Another staff member cannot decide Ana's request.
    const bo = await srv.connect(srv.tokens.staffSanJose);
    expect(await emitAck(bo, 'recovery:decide', { requestId: 'd2', outcome: 'accepted' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await srv.readLog()).map((e) => e.type)).toEqual(['recommendation', 'decision', 'recommendation']);
  });

  it('after a restart, earlier visits still make a repeat customer and a decision retry returns the logged decision', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    data(await emitAck(staff, 'recovery:recommend', { requestId: 'v1', description: 'the soup was cold', context: { customer_ref: 'CUST-R' } }));
    const decided = data(await emitAck(staff, 'recovery:decide', { requestId: 'v1', outcome: 'accepted' }));
    const dataDir = srv.dataDir;
    const token = srv.tokens.staff;
    await srv.close();
    srv = await startTestServer({ dataDir });
    const again = await srv.connect(token);
    expect(data(await emitAck(again, 'recovery:decide', { requestId: 'v1', outcome: 'accepted' })).entry_id).toBe(decided.entry_id);
    const second = data(await emitAck(again, 'recovery:recommend', { requestId: 'v2', description: 'the soup was cold', context: { customer_ref: 'CUST-R' } }));
    expect(second.recommendation.repeat).toBe(true);
    // A different final outcome for the same request is a correction, with its reason.
    expect(await emitAck(again, 'recovery:decide', { requestId: 'v1', outcome: 'declined' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const declined = data(await emitAck(again, 'recovery:decide', { requestId: 'v1', outcome: 'declined', correction: { reason: 'the guest changed their mind' } }));
    expect(declined.entry_id).not.toBe(decided.entry_id);
    expect((await srv.readLog()).map((e) => e.type)).toEqual(['recommendation', 'decision', 'recommendation', 'decision']);
  });

  it('answers survive a restart: same requestId after restart returns the logged answer', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const first = data(await emitAck(staff, 'recovery:recommend', { requestId: 'rs', description: 'parts were never ordered' }));
    const dataDir = srv.dataDir;
    const token = srv.tokens.staff;
    await srv.close();
    srv = await startTestServer({ dataDir });
    const again = await srv.connect(token);
    const second = data(await emitAck(again, 'recovery:recommend', { requestId: 'rs', description: 'parts were never ordered' }));
    expect(second.entry_id).toBe(first.entry_id);
    expect(second.recommendation.gesture).toMatchObject({ id: first.recommendation.gesture.id, needs_approval: true });
    expect(second.recommendation.say).toBe(first.recommendation.say);
    expect(second.approval).toBe('pending');
    expect(await srv.readLog()).toHaveLength(1);
  });
});
