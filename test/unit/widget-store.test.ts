// @vitest-environment happy-dom
/** The widget's store, its outbox and its sessionStorage copy. */
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext, pendingSends } from '../../widget/chat/outbox.ts';
import { load, save, STORAGE_KEY } from '../../widget/chat/persist.ts';
import { currentGesture, initialState, reduce, type Action, type State } from '../../widget/chat/store.ts';
import { doneTurn, gesture, result, table } from '../support/widget-builders.ts';

const run = (...actions: Action[]): State => actions.reduce(reduce, initialState('en'));
const submit = (id: string, text = 'soup was cold'): Action => ({ type: 'submit', id, text, context: { lang: 'en' } });

afterEach(() => sessionStorage.clear());

describe('reduce()', () => {
  it('a submitted request is pending with its own requestId and clears the draft; the chips stay for the next request until Clear chat', () => {
    const s = run({ type: 'set', draft: 'soup was cold' }, { type: 'chip', key: 'wait_minutes', value: '30' }, submit('r1'));
    expect(s.turns).toEqual([{ id: 'r1', text: 'soup was cold', context: { lang: 'en' }, state: 'pending', decisions: [] }]);
    expect(s.draft).toBe('');
    expect(s.chips).toEqual({ wait_minutes: '30' });
    expect(reduce(s, { type: 'clear' }).chips).toEqual({});
  });

  it('rules arriving for a picker staff already closed do not reopen it; an open one is filled', () => {
    const answered = run(submit('r1'), { type: 'recommended', id: 'r1', ack: { ok: true, data: result() } });
    const rules = [{ id: 'noise', label: 'Noise complaint' }];
    const open = reduce(answered, { type: 'pick', id: 'r1', open: true });
    expect(open.turns[0]!.pick).toBe(true);
    expect(pendingSends(open).map((x) => x.event)).toContain('rules:list');
    const closed = reduce(open, { type: 'pick', id: 'r1', open: false });
    expect(reduce(closed, { type: 'pick', id: 'r1', open: true, rules }).turns[0]!.pick).toBeUndefined();
    expect(reduce(open, { type: 'pick', id: 'r1', open: true, rules }).turns[0]!.pick).toEqual(rules);
  });

  it('ignores blank text and a requestId it already has (a double Enter sends once)', () => {
    expect(run(submit('r1', '   ')).turns).toEqual([]);
    expect(run(submit('r1'), submit('r1', 'again')).turns).toHaveLength(1);
  });

  it('an ack answers the turn; an error ack keeps the reason; retry makes it pending again', () => {
    const ok = run(submit('r1'), { type: 'recommended', id: 'r1', ack: { ok: true, data: result() } });
    expect(ok.turns[0]).toMatchObject({ state: 'done', result: result() });
    const failed = run(submit('r1'), { type: 'recommended', id: 'r1', ack: { ok: false, error: { code: 'rate_limited', message: 'slow down' } } });
    expect(failed.turns[0]).toMatchObject({ state: 'error', error: { code: 'rate_limited' } });
    expect(reduce(failed, { type: 'retry', id: 'r1' }).turns[0]).toMatchObject({ id: 'r1', state: 'pending', error: undefined });
  });

  it('decisions queue in order; a reaction repeats the last outcome', () => {
    const s = run(
      submit('r1'),
      { type: 'recommended', id: 'r1', ack: { ok: true, data: result() } },
      { type: 'decide', id: 'r1', outcome: 'swapped', gestureId: 'coffee' },
      { type: 'decide', id: 'r1', outcome: 'accepted', gestureId: 'coffee' },
      { type: 'react', id: 'r1', reaction: 'satisfied' },
    );
    expect(s.turns[0]!.decisions).toEqual([
      { outcome: 'swapped', gestureId: 'coffee', state: 'pending' },
      { outcome: 'accepted', gestureId: 'coffee', state: 'pending' },
      { outcome: 'accepted', gestureId: 'coffee', reaction: 'satisfied', state: 'pending' },
    ]);
    // The card shows the swap once the server took it (it may refuse it), with the state it answered.
    expect(currentGesture(s.turns[0]!)?.id).toBe('lunch');
    const coffee = { gesture: gesture({ id: 'coffee', label: 'Coffee', value: 8 }), say: 'Coffee words.', phase: 'recommended' as const, approval: 'not_needed' as const };
    const took = reduce(s, { type: 'decided', id: 'r1', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: coffee } } });
    expect(currentGesture(took.turns[0]!)?.id).toBe('coffee');
    expect(took.turns[0]!.table?.say).toBe('Coffee words.');
  });

  it('cannot decide before there is an answer', () => {
    expect(run(submit('r1'), { type: 'decide', id: 'r1', outcome: 'accepted', gestureId: 'lunch' }).turns[0]!.decisions).toEqual([]);
  });

  it('approval:decided finds its turn by requestId; unknown ids change nothing', () => {
    const s = run(submit('r1'), { type: 'approval', requestId: 'r1', approved: false, note: 'no' });
    expect(s.turns[0]!.approval).toEqual({ approved: false, note: 'no' });
    const before = run(submit('r1'));
    expect(reduce(before, { type: 'approval', requestId: 'nope', approved: true })).toEqual(before);
  });

  it('clear forgets the conversation', () => {
    expect(run(submit('r1'), { type: 'clear' }).turns).toEqual([]);
  });
});

describe('pendingSends()', () => {
  it('lists unsent requests with their requestId, and the first unsent decision of answered ones', () => {
    const s = run(
      { type: 'submit', id: 'r1', text: 'soup was cold', context: { lang: 'en', wait_minutes: 20 } },
      submit('r2', 'parts never ordered'),
      { type: 'recommended', id: 'r2', ack: { ok: true, data: result() } },
      { type: 'decide', id: 'r2', outcome: 'offered', gestureId: 'lunch' },
      { type: 'decide', id: 'r2', outcome: 'accepted', gestureId: 'lunch' },
    );
    expect(pendingSends(s)).toEqual([
      { key: 'r1', id: 'r1', event: 'recovery:recommend', payload: { requestId: 'r1', description: 'soup was cold', context: { lang: 'en', wait_minutes: 20 } } },
      { key: 'r2#0', id: 'r2', index: 0, event: 'recovery:decide', payload: { requestId: 'r2', outcome: 'offered', gestureId: 'lunch' } },
    ]);
    const next = reduce(s, { type: 'decided', id: 'r2', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: table(gesture()) } } });
    expect(pendingSends(next).map((x) => x.key)).toEqual(['r1', 'r2#1']);
  });

  it('sends the reaction with its outcome', () => {
    const s = run(
      submit('r1'),
      { type: 'recommended', id: 'r1', ack: { ok: true, data: result() } },
      { type: 'decide', id: 'r1', outcome: 'accepted', gestureId: 'lunch' },
      { type: 'decided', id: 'r1', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: table(gesture()) } } },
      { type: 'react', id: 'r1', reaction: 'delighted' },
    );
    expect(pendingSends(s).map((x) => x.payload)).toEqual([{ requestId: 'r1', outcome: 'accepted', gestureId: 'lunch', reaction: 'delighted' }]);
  });

  it('asks again, once per connection, about requests still waiting for a manager', () => {
    const s = run(submit('r1'), { type: 'recommended', id: 'r1', ack: { ok: true, data: result({ needs_approval: true }, 'pending') } });
    expect(pendingSends(s, 0)).toEqual([]); // not before the first connection
    expect(pendingSends(s, 2)).toEqual([
      { key: 'r1@2', id: 'r1', event: 'recovery:recommend', payload: { requestId: 'r1', description: 'soup was cold', context: { lang: 'en' } } },
    ]);
    expect(pendingSends(reduce(s, { type: 'approval', requestId: 'r1', approved: true }), 2)).toEqual([]);
  });

  it('a swapped gesture waiting for a manager is asked about again too, and the answer brings its state', () => {
    const ride = gesture({ id: 'rideshare', label: 'A ride', value: 30, needs_approval: true });
    const s = run(
      submit('r1'),
      { type: 'recommended', id: 'r1', ack: { ok: true, data: result() } },
      { type: 'decide', id: 'r1', outcome: 'swapped', gestureId: 'rideshare' },
      { type: 'decided', id: 'r1', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: table(ride) } } },
    );
    expect(pendingSends(s, 1).map((x) => x.key)).toEqual(['r1@1']);
    const answered = reduce(s, { type: 'recommended', id: 'r1', ack: { ok: true, data: { ...result(), state: table(ride, { approval: 'approved' }) } } });
    expect(pendingSends(answered, 1)).toEqual([]);
  });

  it('has nothing to send for answered or failed requests', () => {
    const s = run(submit('r1'), { type: 'recommended', id: 'r1', ack: { ok: false, error: { code: 'internal', message: '' } } });
    expect(pendingSends(s)).toEqual([]);
  });
});

describe('buildContext()', () => {
  it('keeps usable chips, drops empty or negative or non-numeric numbers, adds language and location', () => {
    expect(buildContext({ wait_minutes: ' 35 ', amount_paid: '-4', customer_tier: '  ', customer_ref: 'RO-7' }, 'es', 'des-moines')).toEqual({
      lang: 'es', wait_minutes: 35, customer_ref: 'RO-7', location: 'des-moines',
    });
    expect(buildContext({ amount_paid: 'Infinity', wait_minutes: 'abc' }, 'en')).toEqual({ lang: 'en' });
  });
});

describe('sessionStorage', () => {
  it('a conversation, its queue and the draft survive a reload', () => {
    const s = run(submit('r1'), submit('r2', 'parts never ordered'), { type: 'recommended', id: 'r2', ack: { ok: true, data: result() } }, { type: 'set', draft: 'half typed', open: true });
    save(s);
    const back = load();
    expect(back.turns).toEqual(s.turns);
    expect(back.draft).toBe('half typed');
    expect(back.open).toBe(true);
    expect(back.status).toBe('connecting');
    // The unsent request is still unsent, with the same requestId.
    expect(pendingSends(back).map((x) => x.payload.requestId)).toEqual(['r1']);
  });

  it('the page language wins over the saved one', () => {
    save(run({ type: 'set', lang: 'es' }));
    expect(load().lang).toBe('es');
    expect(load('en').lang).toBe('en');
  });

  it('clearing is saved too', () => {
    save(run(submit('r1'), { type: 'clear' }));
    expect(load().turns).toEqual([]);
  });

  it.each([
    ['not JSON', '{"turns": ['],
    ['JSON of the wrong shape', '[1,2,3]'],
    ['turns that are not a list', '{"turns": "lots"}'],
    ['null', 'null'],
  ])('ignores %s', (_what, text) => {
    sessionStorage.setItem(STORAGE_KEY, text);
    expect(load('en')).toEqual(initialState('en'));
  });

  it('drops only the turns that are damaged', () => {
    const good = doneTurn({ id: 'ok' });
    const turns = [
      good,
      { ...good, id: 'no-result', result: undefined },
      { ...good, id: 'bad-table', table: { gesture: 'rideshare', say: 'x' } },
      { ...good, id: 'good-table', table: table(gesture({ id: 'coffee' })) },
      { ...good, id: 'bad-gesture', result: { ...good.result, recommendation: { ...good.result!.recommendation, gesture: { label: 5 } } } },
      { id: 7, text: 'x', context: {}, state: 'pending', decisions: [] },
      { id: 'bad-decision', text: 'x', context: {}, state: 'pending', decisions: [{ outcome: 'bought', gestureId: 'x', state: 'done' }] },
      { id: 'bad-state', text: 'x', context: {}, state: 'sent', decisions: [] },
      'junk',
    ];
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ turns, chips: { wait_minutes: '5', customer_tier: 3 }, draft: 9 }));
    const s = load();
    expect(s.turns.map((t) => t.id)).toEqual(['ok', 'good-table']);
    expect(s.chips).toEqual({ wait_minutes: '5' });
    expect(s.draft).toBe('');
  });

  it('works, without saving, when storage is blocked', () => {
    const blocked = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
    Object.defineProperty(window, 'sessionStorage', { configurable: true, get: () => { throw new Error('SecurityError'); } });
    try {
      expect(() => save(run(submit('r1')))).not.toThrow();
      expect(load('en')).toEqual(initialState('en'));
    } finally {
      if (blocked) Object.defineProperty(window, 'sessionStorage', blocked);
    }
  });
});
