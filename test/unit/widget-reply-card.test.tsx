// @vitest-environment happy-dom
/** Every state of the reply card, checked by role and label as staff (and screen readers) meet it. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';
import { ReplyCard } from '../../widget/chat/reply-card.tsx';
import { initialState, reduce, type Action, type Turn } from '../../widget/chat/store.ts';
import { doneTurn, gesture, table } from '../support/widget-builders.ts';

afterEach(cleanup);

function show(turn: Turn, t = en) {
  const acts: Action[] = [];
  render(<ReplyCard t={t} lang="en" turn={turn} act={(a) => acts.push(a)} />);
  return acts;
}

const outcomeGroup = () => screen.queryByRole('group', { name: 'Outcome' });

describe('ReplyCard', () => {
  it('shows the gesture with its value, the words to say, alternatives, why and outcome buttons', () => {
    show(doneTurn());
    const card = screen.getByRole('article', { name: 'Recommendation: Lunch in our lobby café' });
    expect(within(card).getByText('Lunch in our lobby café · $20.00')).toBeTruthy();
    expect(within(card).getByText("We should have had your parts ready. That's on us.")).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Copy words' })).toBeTruthy();
    const alts = within(card).getByRole('group', { name: 'Or offer instead' });
    expect(within(alts).getAllByRole('button').map((b) => b.textContent)).toEqual(['Coffee and a snack on us · $8.00', '10% off the repair · $35.00']);
    const outcome = within(card).getByRole('group', { name: 'Outcome' });
    expect(within(outcome).getAllByRole('button').map((b) => b.textContent)).toEqual(['Offer', 'Accepted', 'Declined']);
    expect(within(outcome).getByRole('button', { name: 'Accepted' }).getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByText(en.approvalWaiting)).toBeNull();
    expect(screen.queryByText(en.fallback)).toBeNull();
    expect(screen.queryByRole('group', { name: 'Customer reaction' })).toBeNull();
  });

  it('formats values in the rules file currency', () => {
    show(doneTurn({}, { currency: 'EUR' }));
    expect(screen.getByText('Lunch in our lobby café · €20.00')).toBeTruthy();
  });

  it('puts matched words (with the related word they came through), conditions and the runner-up in a collapsed why', () => {
    show(doneTurn());
    const summary = screen.getByText('Why this gesture?');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain('Matched: never ordered, components (parts) (via component)');
    expect(details.textContent).not.toContain('→');
    expect(details.textContent).toContain('Conditions: wait 45 min ≥ 30');
    expect(details.textContent).toContain('Close second: long-wait');
  });

  it('speaks staff language in the why: rule labels, not ids, and where a learned match came from', () => {
    const base = doneTurn().result!.recommendation.explanation;
    const explanation = {
      ...base,
      rule_label: 'Parts not ordered',
      runner_up: { rule_id: 'parts-not-ordered-overnight', label: 'Parts not ordered, car kept overnight', score: 1, why: 'x' },
      example: { text: 'they never ordered the part', similarity: 0.8, score: 0.4, source: 'correction' as const, from: 'correction by Ana' },
    };
    show(doneTurn({}, { explanation }));
    const details = screen.getByText('Why this gesture?').closest('details')!;
    expect(within(details).getByText('Problem: Parts not ordered')).toBeTruthy();
    expect(within(details).getByText('Close second: Parts not ordered, car kept overnight')).toBeTruthy();
    expect(within(details).getByText('Learned from a staff correction')).toBeTruthy();
    expect(details.textContent).not.toContain('parts-not-ordered');
    cleanup();
    show(doneTurn({}, { explanation: { ...explanation, example: { ...explanation.example, source: 'corpus' } } }), es);
    expect(screen.getByText('Como quejas de este tipo')).toBeTruthy();
    expect(screen.getByText('Problema: Parts not ordered')).toBeTruthy();
  });

  it('shows what the server read from the text', () => {
    show(doneTurn({}, { read_from_text: { wait_minutes: 45 } }));
    expect(screen.getByText('Read: waited 45 min')).toBeTruthy();
  });

  it('flags the fallback and a repeat customer', () => {
    show(doneTurn({}, { fallback: true, rule_id: null, repeat: true }));
    expect(screen.getByText('No rule matched: general gesture')).toBeTruthy();
    expect(screen.getByText('Repeat customer')).toBeTruthy();
  });

  it('sends recovery:decide for Offer / Accepted / Declined with the gesture on the table', () => {
    const acts = show(doneTurn());
    fireEvent.click(screen.getByRole('button', { name: 'Offer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accepted' }));
    fireEvent.click(screen.getByRole('button', { name: 'Declined' }));
    expect(acts).toEqual([
      { type: 'decide', id: 'req-1', outcome: 'offered', gestureId: 'lunch' },
      { type: 'decide', id: 'req-1', outcome: 'accepted', gestureId: 'lunch' },
      { type: 'decide', id: 'req-1', outcome: 'declined', gestureId: 'lunch' },
    ]);
  });

  it('choosing an alternative is outcome "swapped" with that gesture', () => {
    const acts = show(doneTurn());
    fireEvent.click(screen.getByRole('button', { name: 'Coffee and a snack on us · $8.00' }));
    expect(acts).toEqual([{ type: 'decide', id: 'req-1', outcome: 'swapped', gestureId: 'coffee' }]);
  });

  it('after a swap the card is about the alternative, with the words the server gave for it', () => {
    const discount = gesture({ id: 'discount', label: '10% off the repair', value: 35, kind: 'money', say: 'Take ten percent off, on us.' });
    const acts = show(doneTurn({ decisions: [{ outcome: 'swapped', gestureId: 'discount', state: 'done' }], table: table(discount) }));
    const card = screen.getByRole('article', { name: 'Recommendation: 10% off the repair' });
    expect(within(card).getByText('Swapped to 10% off the repair')).toBeTruthy();
    expect(within(card).getByText('Take ten percent off, on us.')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Accepted' }));
    expect(acts).toEqual([{ type: 'decide', id: 'req-1', outcome: 'accepted', gestureId: 'discount' }]);
  });

  it('after Accepted says so and asks for the customer reaction; the outcome is final (no outcome or swap buttons)', () => {
    const acts = show(doneTurn({ decisions: [{ outcome: 'accepted', gestureId: 'lunch', state: 'done' }] }));
    expect(outcomeGroup()).toBeNull();
    expect(screen.queryByRole('group', { name: 'Or offer instead' })).toBeNull();
    const reaction = screen.getByRole('group', { name: 'Customer reaction' });
    expect(reaction.textContent).toContain('Accepted · Customer reaction:');
    expect(within(reaction).getAllByRole('button').map((b) => b.textContent)).toEqual(['Delighted', 'Satisfied', 'Neutral', 'Upset']);
    fireEvent.click(within(reaction).getByRole('button', { name: 'Delighted' }));
    expect(acts).toEqual([{ type: 'react', id: 'req-1', reaction: 'delighted' }]);
  });

  it('shows the chosen reaction pressed', () => {
    show(doneTurn({ decisions: [{ outcome: 'declined', gestureId: 'lunch', state: 'done' }, { outcome: 'declined', gestureId: 'lunch', reaction: 'upset', state: 'done' }] }));
    expect(screen.getByRole('group', { name: 'Customer reaction' }).textContent).toContain('Declined · ');
    expect(screen.getByRole('button', { name: 'Upset' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Delighted' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('says "Saving…" while a decision is on its way, and the reason when it failed', () => {
    show(doneTurn({ decisions: [{ outcome: 'offered', gestureId: 'lunch', state: 'pending' }] }));
    expect(screen.getByText('Saving…')).toBeTruthy();
    cleanup();
    show(doneTurn({ decisions: [{ outcome: 'offered', gestureId: 'lunch', state: 'error', error: { code: 'conflict', message: '"Loaner" is waiting for a manager\'s approval' } }] }));
    expect(screen.getByText('Not possible: "Loaner" is waiting for a manager\'s approval')).toBeTruthy();
    expect(screen.queryByText('Saving…')).toBeNull();
  });

  describe('needs manager approval', () => {
    const loaner = { gesture: gesture({ id: 'loaner', label: 'Free loaner car', value: 90, kind: 'redo', needs_approval: true }), needs_approval: true };

    it('waits: says so; the customer may decline, staff may swap, nothing else', () => {
      show(doneTurn({}, loaner, 'pending'));
      expect(screen.getByText('Needs manager approval: waiting…')).toBeTruthy();
      expect(within(outcomeGroup()!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Declined']);
      expect(screen.getByRole('group', { name: 'Or offer instead' })).toBeTruthy();
    });

    it('approved (live event): shows the approval and its note, and the outcome buttons', () => {
      show(doneTurn({ approval: { approved: true, note: 'go ahead' } }, loaner, 'pending'));
      expect(screen.getByText('Manager approved: go ahead')).toBeTruthy();
      expect(screen.queryByText('Needs manager approval: waiting…')).toBeNull();
      expect(outcomeGroup()).toBeTruthy();
    });

    it('declined (live event): shows the refusal and its note; only alternatives and "Declined" remain', () => {
      show(doneTurn({ approval: { approved: false, note: 'too much for a late part' } }, loaner, 'pending'));
      expect(screen.getByText('Manager declined: too much for a late part')).toBeTruthy();
      expect(within(outcomeGroup()!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Declined']);
      expect(screen.getByRole('group', { name: 'Or offer instead' })).toBeTruthy();
    });

    it('decided while the widget was away: the answer to a resend carries it', () => {
      show(doneTurn({}, loaner, 'approved'));
      expect(screen.getByText('Manager approved')).toBeTruthy();
      expect(outcomeGroup()).toBeTruthy();
    });

    it('declined, then swapped to an alternative that needs no approval: outcome buttons are back', () => {
      const coffee = gesture({ id: 'coffee', label: 'Coffee and a snack on us', value: 8 });
      const s = [
        { type: 'approval', requestId: 'req-1', approved: false, gestureId: 'loaner' },
        { type: 'decide', id: 'req-1', outcome: 'swapped', gestureId: 'coffee' },
        { type: 'decided', id: 'req-1', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: table(coffee) } } },
      ].reduce((st, a) => reduce(st, a as Action), { ...initialState(), turns: [doneTurn({}, loaner, 'pending')] });
      show(s.turns[0]!);
      expect(screen.getByRole('article', { name: 'Recommendation: Coffee and a snack on us' })).toBeTruthy();
      expect(within(outcomeGroup()!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Offer', 'Accepted', 'Declined']);
    });
  });

  describe('a swap to a gesture over the approval line (issue 9)', () => {
    const ride = gesture({ id: 'rideshare', label: 'A ride home and back', value: 30, kind: 'redo', needs_approval: true, say: "I'll get you a ride home and back." });
    const coffee = { gesture: gesture({ id: 'coffee', label: 'Coffee and a snack on us', value: 8 }), alternatives: [ride] };

    it('coffee swapped to the $30 ride: waits for its approval, shows its words, and still has a next step', () => {
      const acts = show(doneTurn({ decisions: [{ outcome: 'swapped', gestureId: 'rideshare', state: 'done' }], table: table(ride) }, coffee));
      const card = screen.getByRole('article', { name: 'Recommendation: A ride home and back' });
      expect(within(card).getByText('Needs manager approval: waiting…')).toBeTruthy();
      expect(within(card).getByText("I'll get you a ride home and back.")).toBeTruthy();
      expect(within(outcomeGroup()!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Declined']);
      const back = within(card).getByRole('group', { name: 'Or offer instead' });
      fireEvent.click(within(back).getByRole('button', { name: 'Coffee and a snack on us · $8.00' }));
      expect(acts).toEqual([{ type: 'decide', id: 'req-1', outcome: 'swapped', gestureId: 'coffee' }]);
    });

    it('an approval of another gesture does not unblock the one on the table', () => {
      const night = gesture({ id: 'free-night', label: 'A night on us', value: 150, kind: 'money', needs_approval: true });
      const upgrade = { gesture: gesture({ id: 'room-upgrade', label: 'Upgrade', value: 60, kind: 'upgrade', needs_approval: true }), alternatives: [night], needs_approval: true };
      const s = [
        { type: 'decide', id: 'req-1', outcome: 'swapped', gestureId: 'free-night' },
        { type: 'decided', id: 'req-1', index: 0, ack: { ok: true, data: { entry_id: 'e2', state: table(night) } } },
        { type: 'approval', requestId: 'req-1', approved: true, gestureId: 'room-upgrade' },
      ].reduce((st, a) => reduce(st, a as Action), { ...initialState(), turns: [doneTurn({}, upgrade, 'pending')] });
      show(s.turns[0]!);
      expect(screen.getByText('Needs manager approval: waiting…')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Accepted' })).toBeNull();
      expect(screen.queryByText('Manager approved')).toBeNull();
    });
  });

  it('speaks Spanish with the Spanish pack', () => {
    show(doneTurn(), es);
    expect(screen.getByRole('article', { name: 'Recomendación: Lunch in our lobby café' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Resultado' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Aceptado' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copiar frase' })).toBeTruthy();
  });
});
