import { describe, expect, it } from 'vitest';
import { initial, judge, replay, trail, type RecoveryState } from '../../server/contract/recovery-state.ts';
import type { ApprovalBody, ChainFields, DecisionBody, EntryOf, LogEntry } from '../../server/contract/log-entry.ts';
import { checkGesture } from '../../server/rules/choose-gesture.ts';
import { wordsFor } from '../../server/rules/say.ts';
import { doc, mentions } from '../support/rules-builders.ts';
import { recBody } from './log-fixtures.ts';

let seq = 0;
const chained = <B extends object>(b: B): B & ChainFields => {
  seq++;
  return { ...b, seq, id: `e${String(seq).padStart(6, '0')}-00000${seq % 10}`, at: `2026-11-20T10:00:${String(seq % 60).padStart(2, '0')}Z`, prev: '0'.repeat(64), hash: 'f'.repeat(64) };
};

// Coffee (8) recommended; a ride (30, over the line of 25) and lunch (20) as alternatives.
const rec = chained(recBody({
  gesture: { id: 'coffee', label: 'Coffee', value: 8, kind: 'attention' },
  alternatives: [
    { id: 'ride', label: 'A ride', value: 30, kind: 'redo' },
    { id: 'lunch', label: 'Lunch', value: 20, kind: 'attention' },
  ],
  value: 8,
})) as EntryOf<'recommendation'>;

const decision = (outcome: DecisionBody['outcome'], gesture_id: string, over: Partial<DecisionBody> = {}): LogEntry =>
  chained<DecisionBody>({ type: 'decision', ref: rec.id, request_id: rec.request_id, actor: rec.actor, location: rec.location, outcome, gesture_id, ...over });
const approval = (gesture_id: string, approved: boolean, over: Partial<ApprovalBody> = {}): LogEntry =>
  chained<ApprovalBody>({ type: 'approval', ref: rec.id, actor: { token_id: 'm', name: 'Mo', role: 'manager' }, location: rec.location, approved, gesture_id, ...over });

const ask = (s: RecoveryState, outcome: DecisionBody['outcome'], gesture: string, correction = false) => judge(s, { outcome, gesture, correction });

describe('replay()', () => {
  it('starts recommended, with the recommendation as the approval request when it needs one', () => {
    expect(initial(rec)).toMatchObject({ gesture: 'coffee', value: 8, phase: 'recommended', approval: 'not_needed' });
    const big = { ...rec, needs_approval: true };
    expect(initial(big)).toMatchObject({ approval: 'pending', request: rec.id });
  });

  it('a swap over the line is its own request; approval of that gesture, not another, unblocks it', () => {
    const swap = decision('swapped', 'ride', { value: 30, needs_approval: true });
    let s = replay(rec, [swap]);
    expect(s).toMatchObject({ gesture: 'ride', value: 30, approval: 'pending', request: swap.id });
    s = replay(rec, [swap, approval('lunch', true)]);
    expect(s.approval).toBe('pending');
    s = replay(rec, [swap, approval('ride', true)]);
    expect(s.approval).toBe('approved');
    // Away and back: the verdict for the ride still stands.
    s = replay(rec, [swap, approval('ride', true), decision('swapped', 'coffee', { value: 8 }), decision('swapped', 'ride', { value: 30, needs_approval: true })]);
    expect(s).toMatchObject({ gesture: 'ride', approval: 'approved' });
  });

  it('reads older logs: an approval without gesture_id is for the recommended gesture, a swap without value is priced from the offer', () => {
    const big = { ...rec, needs_approval: true };
    const s = replay(big, [{ ...approval('x', true), gesture_id: undefined } as LogEntry]);
    expect(s.approval).toBe('approved');
    expect(replay(rec, [decision('swapped', 'lunch')])).toMatchObject({ gesture: 'lunch', value: 20 });
  });
});

describe('judge()', () => {
  const s0 = initial(rec);

  it('lets the gesture on the table be offered, accepted or declined; another gesture must be swapped to first', () => {
    expect(ask(s0, 'offered', 'coffee')).toEqual({ ok: true, same: false });
    expect(ask(s0, 'accepted', 'lunch')).toMatchObject({ ok: false, code: 'invalid_payload', path: 'gestureId' });
    expect(ask(s0, 'swapped', 'coffee')).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(ask(s0, 'swapped', 'lunch')).toEqual({ ok: true, same: false });
  });

  it('refuses to offer or accept a gesture waiting for approval or declined by a manager; declining is fine', () => {
    const pending = replay(rec, [decision('swapped', 'ride', { value: 30, needs_approval: true })]);
    expect(ask(pending, 'offered', 'ride')).toMatchObject({ ok: false, code: 'conflict' });
    expect(ask(pending, 'accepted', 'ride')).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining("manager's approval") });
    expect(ask(pending, 'declined', 'ride')).toEqual({ ok: true, same: false });
    const no = replay(rec, [decision('swapped', 'ride', { value: 30, needs_approval: true }), approval('ride', false)]);
    expect(ask(no, 'accepted', 'ride')).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('declined') });
    const back = replay(rec, [decision('swapped', 'ride', { value: 30, needs_approval: true }), approval('ride', false), decision('swapped', 'coffee')]);
    expect(ask(back, 'swapped', 'ride')).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a final outcome changes only as a correction; a correction is only for a final outcome', () => {
    const done = replay(rec, [decision('accepted', 'coffee')]);
    expect(done.phase).toBe('accepted');
    for (const o of ['declined', 'offered'] as const) expect(ask(done, o, 'coffee')).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('correction') });
    expect(ask(done, 'swapped', 'lunch')).toMatchObject({ ok: false, code: 'conflict' });
    expect(ask(done, 'declined', 'coffee', true)).toEqual({ ok: true, same: false });
    expect(ask(done, 'accepted', 'coffee')).toEqual({ ok: true, same: true });
    expect(judge(done, { outcome: 'accepted', gesture: 'coffee', reaction: 'delighted', correction: false })).toEqual({ ok: true, same: false });
    expect(ask(s0, 'offered', 'coffee', true)).toMatchObject({ ok: false, code: 'invalid_payload', path: 'correction' });
    const corrected = replay(rec, [decision('accepted', 'coffee'), decision('declined', 'coffee', { correction: { reason: 'wrong button' } })]);
    expect(corrected).toMatchObject({ phase: 'declined', corrections: 1 });
  });
});

describe('trail()', () => {
  it('tells the recovery step by step, corrections with their reason', () => {
    const swap = decision('swapped', 'ride', { value: 30, needs_approval: true });
    const steps = trail(rec, [swap, approval('ride', true, { note: 'ok' }), decision('accepted', 'ride', { value: 30 }), decision('declined', 'ride', { value: 30, correction: { reason: 'wrong button' } })]);
    expect(steps.map((x) => [x.what, x.gesture, x.value, x.why ?? null])).toEqual([
      ['recommended', 'coffee', 8, null],
      ['swapped, approval requested', 'ride', 30, null],
      ['approved', 'ride', 30, 'ok'],
      ['accepted', 'ride', 30, null],
      ['declined', 'ride', 30, 'wrong button'],
    ]);
    expect(steps[4]?.correction).toBe(true);
  });
});

describe('checkGesture() and wordsFor()', () => {
  const rules = doc({
    approval_above: 25,
    value_cap_percent: 100,
    gestures: {
      coffee: { label: 'Coffee', value: 8, kind: 'attention', say: 'Have a coffee on us.' },
      dessert: { label: 'Dessert', value: 9, kind: 'attention' },
      wash: { label: 'Wash', value: 15, kind: 'upgrade', only_at: ['des-moines'] },
      night: { label: 'Night', value: 150, kind: 'money', say: 'Tonight is on us.' },
    },
    rules: [mentions('spill', ['spilled'], { offer: ['night', 'dessert', 'coffee'], say: 'Please send us the cleaning bill.' })],
    fallback: { offer: ['coffee'], say: 'I am sorry about that.' },
  });

  it('only_at refuses; approval_above and the value cap (of the amount paid) ask for a manager', () => {
    expect(checkGesture(rules, 'wash', 15, { location: 'austin' }).refusal).toContain('only at des-moines');
    expect(checkGesture(rules, 'wash', 15, { location: 'des-moines' })).toEqual({ needs_approval: false, why: [] });
    expect(checkGesture(rules, 'night', 150, { location: 'austin' }).why[0]).toContain('approval threshold');
    const capped = checkGesture(rules, 'dessert', 9, { location: 'austin', amount_paid: 5 });
    expect(capped.needs_approval).toBe(true);
    expect(capped.why[0]).toContain('value cap');
  });

  it("a rule's words go with its first offer; any other gesture has its own words, else the fallback's", () => {
    const rule = rules.rules[0]!;
    expect(wordsFor(rule, rules.gestures.night, 'night', rules.fallback.say, ['en'])).toBe('Please send us the cleaning bill.');
    expect(wordsFor(rule, rules.gestures.coffee, 'coffee', rules.fallback.say, ['en'])).toBe('Have a coffee on us.');
    expect(wordsFor(rule, rules.gestures.dessert, 'dessert', rules.fallback.say, ['en'])).toBe('I am sorry about that.');
  });
});
