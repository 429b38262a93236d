// @vitest-environment happy-dom
/**
 * "Not the right problem?": the rule picker in the reply card, through the real store and
 * outbox, checked by role and label as staff (and screen readers) meet it.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleChoice } from '../../server/contract/index.ts';
import { en } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';
import { pendingSends } from '../../widget/chat/outbox.ts';
import { ReplyCard } from '../../widget/chat/reply-card.tsx';
import { ruleFor } from '../../widget/chat/rule-picker.tsx';
import { createStore, initialState, type State } from '../../widget/chat/store.ts';
import { doneTurn, gesture, result, table } from '../support/widget-builders.ts';

afterEach(cleanup);

const RULES: RuleChoice[] = [
  { id: 'broken-fixture', label: 'Something in the room is broken' },
  { id: 'noise', label: 'Noise complaint' },
  { id: 'room-not-ready', label: 'Room not ready' },
];

/** The card for the first turn of a real store, re-rendered on every change. */
function live(state: State, t = en) {
  const store = createStore(state);
  const view = () => <ReplyCard t={t} lang="en" turn={store.get().turns[0]!} act={store.dispatch} />;
  const r = render(view());
  store.subscribe(() => r.rerender(view()));
  return store;
}

const withTurn = (over = {}, rec = {}): State => ({ ...initialState(), status: 'connected', turns: [doneTurn(over, rec)] });
const openPicker = () => fireEvent.click(screen.getByRole('button', { name: en.notRight }));
const box = () => screen.getByRole('combobox', { name: en.pick });

describe('rule picker', () => {
  it('is offered on every card, the fallback card too, and opens with focus in a search box', async () => {
    live(withTurn({}, { fallback: true, rule_id: null }));
    const button = screen.getByRole('button', { name: en.notRight });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    openPicker();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(within(screen.getByRole('search')).getByRole('combobox', { name: en.pick })).toBeTruthy();
  });

  it('asks the server for the rules in the staff language once opened, and lists them by label', () => {
    const store = live(withTurn());
    expect(pendingSends(store.get()).filter((s) => s.event === 'rules:list')).toHaveLength(0);
    openPicker();
    const ask = pendingSends(store.get()).find((s) => s.event === 'rules:list');
    expect(ask?.payload).toEqual({ lang: 'en' });
    store.dispatch(ask && 'done' in ask ? ask.done({ ok: true, data: RULES }) : { type: 'clear' });
    const list = box().getAttribute('list') as string;
    const options = [...(document.getElementById(list)?.querySelectorAll('option') ?? [])].map((o) => o.getAttribute('value'));
    expect(options).toEqual(RULES.map((r) => r.label));
    expect(pendingSends(store.get()).filter((s) => s.event === 'rules:list')).toHaveLength(0);
  });

  it('chooses a rule with the keyboard: type part of its label, Enter; the correction goes to the server', () => {
    const store = live(withTurn({ pick: RULES }));
    fireEvent.input(box(), { target: { value: 'nois' } });
    fireEvent.submit(screen.getByRole('search'));
    expect(store.get().turns[0]?.fix).toEqual({ ruleId: 'noise', state: 'pending' });
    expect(screen.queryByRole('search')).toBeNull();
    expect(screen.getByText(en.saving)).toBeTruthy();
    expect(pendingSends(store.get()).find((s) => s.event === 'recovery:correct')?.payload).toEqual({ requestId: 'req-1', ruleId: 'noise' });
  });

  it('takes a label chosen from the list (the whole label arrives as input) at once', () => {
    const store = live(withTurn({ pick: RULES }));
    fireEvent.input(box(), { target: { value: 'Room not ready' } });
    expect(store.get().turns[0]?.fix?.ruleId).toBe('room-not-ready');
  });

  it('does nothing on Enter while what was typed fits several rules or none', () => {
    const store = live(withTurn({ pick: RULES }));
    for (const typed of ['room', 'zzz', '']) {
      fireEvent.input(box(), { target: { value: typed } });
      fireEvent.submit(screen.getByRole('search'));
      expect(store.get().turns[0]?.fix).toBeUndefined();
    }
    expect(ruleFor(RULES, 'ROOM NOT READY')?.id).toBe('room-not-ready');
  });

  it('closes on Esc, keeps the panel open, and gives focus back to the button', () => {
    const store = live(withTurn({ pick: RULES }));
    box().focus();
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(screen.queryByRole('search')).toBeNull();
    expect(store.get().turns[0]?.pick).toBeUndefined();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: en.notRight }));
  });

  it('shows the new recommendation in place when the server answers, as a fresh card', () => {
    const store = live(withTurn({ decisions: [{ outcome: 'offered', gestureId: 'lunch', state: 'done' }], fix: { ruleId: 'noise', state: 'pending' } }));
    const move = gesture({ id: 'room-move', label: 'A quieter room, now', value: 0, kind: 'redo' });
    const answer = { ...result({ rule_id: 'noise', gesture: move, alternatives: [], say: 'Let me move you to a quieter room.' }), state: table(move, { say: 'Let me move you to a quieter room.' }), correction_id: 'e000009-abcdef' };
    store.dispatch({ type: 'corrected', id: 'req-1', ack: { ok: true, data: answer } });
    const card = screen.getByRole('article', { name: 'Recommendation: A quieter room, now' });
    expect(within(card).getByText('Let me move you to a quieter room.')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Offer' }).getAttribute('aria-pressed')).toBe('false');
    expect(store.get().turns[0]?.fix).toBeUndefined();
  });

  it('says why when the server refuses, and leaves the card as it was', () => {
    const store = live(withTurn({ fix: { ruleId: 'noise', state: 'pending' } }));
    store.dispatch({ type: 'corrected', id: 'req-1', ack: { ok: false, error: { code: 'conflict', message: 'the outcome is already "accepted"' } } });
    expect(screen.getByText('Not possible: the outcome is already "accepted"')).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Recommendation: Lunch in our lobby café' })).toBeTruthy();
  });

  it('speaks Spanish with the Spanish pack, and is not offered once the outcome is final', () => {
    live(withTurn({ pick: RULES }), es);
    expect(screen.getByRole('combobox', { name: es.pick })).toBeTruthy();
    cleanup();
    live(withTurn({ decisions: [{ outcome: 'accepted', gestureId: 'lunch', state: 'done' }] }));
    expect(screen.queryByRole('button', { name: en.notRight })).toBeNull();
  });
});
