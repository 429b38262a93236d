// @vitest-environment happy-dom
/** Every state of the reply card, checked by role and label as staff (and screen readers) meet it. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';
import { ReplyCard } from '../../widget/chat/reply-card.tsx';
import type { Action, Turn } from '../../widget/chat/store.ts';
import { doneTurn, gesture } from '../support/widget-builders.ts';

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
    expect(details.textContent).toContain('never ordered → never ordered');
    expect(details.textContent).toContain('components → parts (via component)');
    expect(details.textContent).toContain('Conditions: wait 45 min ≥ 30');
    expect(details.textContent).toContain('Runner-up: long-wait (fewer words matched)');
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

  it('after a swap the card is about the alternative, with its own words when it has them', () => {
    const acts = show(doneTurn({ decisions: [{ outcome: 'swapped', gestureId: 'discount', state: 'done' }] }));
    const card = screen.getByRole('article', { name: 'Recommendation: 10% off the repair' });
    expect(within(card).getByText('Swapped to 10% off the repair')).toBeTruthy();
    expect(within(card).getByText('Take ten percent off, on us.')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Accepted' }));
    expect(acts).toEqual([{ type: 'decide', id: 'req-1', outcome: 'accepted', gestureId: 'discount' }]);
  });

  it('after Accepted shows the outcome pressed and asks for the customer reaction', () => {
    const acts = show(doneTurn({ decisions: [{ outcome: 'accepted', gestureId: 'lunch', state: 'done' }] }));
    expect(screen.getByRole('button', { name: 'Accepted' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByRole('group', { name: 'Or offer instead' })).toBeNull();
    const reaction = screen.getByRole('group', { name: 'Customer reaction' });
    expect(within(reaction).getAllByRole('button').map((b) => b.textContent)).toEqual(['Delighted', 'Satisfied', 'Neutral', 'Upset']);
    fireEvent.click(within(reaction).getByRole('button', { name: 'Delighted' }));
    expect(acts).toEqual([{ type: 'react', id: 'req-1', reaction: 'delighted' }]);
  });

  it('shows the chosen reaction pressed', () => {
    show(doneTurn({ decisions: [{ outcome: 'declined', gestureId: 'lunch', state: 'done' }, { outcome: 'declined', gestureId: 'lunch', reaction: 'upset', state: 'done' }] }));
    expect(screen.getByRole('button', { name: 'Declined' }).getAttribute('aria-pressed')).toBe('true');
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

    it('waits: says so and offers no outcome buttons for the gesture, but alternatives stay', () => {
      show(doneTurn({}, loaner, 'pending'));
      expect(screen.getByText('Needs manager approval: waiting…')).toBeTruthy();
      expect(outcomeGroup()).toBeNull();
      expect(screen.getByRole('group', { name: 'Or offer instead' })).toBeTruthy();
    });

    it('approved (live event): shows the approval and its note, and the outcome buttons', () => {
      show(doneTurn({ approval: { approved: true, note: 'go ahead' } }, loaner, 'pending'));
      expect(screen.getByText('Manager approved: go ahead')).toBeTruthy();
      expect(screen.queryByText('Needs manager approval: waiting…')).toBeNull();
      expect(outcomeGroup()).toBeTruthy();
    });

    it('declined (live event): shows the refusal and its note; only alternatives remain', () => {
      show(doneTurn({ approval: { approved: false, note: 'too much for a late part' } }, loaner, 'pending'));
      expect(screen.getByText('Manager declined: too much for a late part')).toBeTruthy();
      expect(outcomeGroup()).toBeNull();
      expect(screen.getByRole('group', { name: 'Or offer instead' })).toBeTruthy();
    });

    it('decided while the widget was away: the answer to a resend carries it', () => {
      show(doneTurn({}, loaner, 'approved'));
      expect(screen.getByText('Manager approved')).toBeTruthy();
      expect(outcomeGroup()).toBeTruthy();
    });

    it('declined, then swapped to an alternative that needs no approval: outcome buttons are back', () => {
      show(doneTurn({ approval: { approved: false }, decisions: [{ outcome: 'swapped', gestureId: 'coffee', state: 'done' }] }, loaner, 'pending'));
      expect(screen.getByRole('article', { name: 'Recommendation: Coffee and a snack on us' })).toBeTruthy();
      expect(outcomeGroup()).toBeTruthy();
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
