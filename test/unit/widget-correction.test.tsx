// @vitest-environment happy-dom
/**
 * Changing a final outcome: the server takes it only with `correction: { reason }`, so the card
 * asks for the reason in a small labelled box (Enter saves, Esc cancels) and the outbox sends it.
 * The card is driven through the real store, as in the widget.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';
import { pendingSends } from '../../widget/chat/outbox.ts';
import { ReplyCard } from '../../widget/chat/reply-card.tsx';
import { initialState, reduce, type Action, type Decision, type State } from '../../widget/chat/store.ts';
import { doneTurn } from '../support/widget-builders.ts';

afterEach(cleanup);

/** Renders one card over a real store; every act goes through `reduce` and re-renders. */
function live(decisions: Decision[], t = en, approval: 'not_needed' | 'pending' = 'not_needed') {
  let s: State = { ...initialState(t === en ? 'en' : 'es'), turns: [doneTurn({ decisions }, {}, approval)] };
  const acts: Action[] = [];
  const view = render(<div />);
  const draw = () => view.rerender(<div><ReplyCard t={t} lang="en" turn={s.turns[0]!} act={act} /></div>);
  function act(a: Action) {
    acts.push(a);
    s = reduce(s, a);
    draw();
  }
  draw();
  return { acts, state: () => s };
}

const accepted: Decision = { outcome: 'accepted', gestureId: 'lunch', state: 'done' };

describe('changing a final outcome', () => {
  it('asks why in a labelled box; Enter sends the new outcome with the reason as a correction', () => {
    const { acts, state } = live([accepted]);
    const change = screen.getByRole('button', { name: 'Change to Declined' });
    expect(change.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('textbox', { name: 'Why change it to Declined?' })).toBeNull();
    fireEvent.click(change);
    expect(change.getAttribute('aria-expanded')).toBe('true');
    const box = screen.getByRole('textbox', { name: 'Why change it to Declined?' }) as HTMLInputElement;
    expect(document.activeElement).toBe(box);
    fireEvent.input(box, { target: { value: '  customer called back, wants the refund instead  ' } });
    fireEvent.submit(box.form!);
    expect(acts.at(-1)).toEqual({ type: 'decide', id: 'req-1', outcome: 'declined', gestureId: 'lunch', reason: 'customer called back, wants the refund instead' });
    // The box closes; until the server answers, the card stays final and says it is saving.
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('Saving…')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Customer reaction' }).textContent).toContain('Accepted · ');
    expect(pendingSends(state())).toEqual([
      {
        key: 'req-1#1', id: 'req-1', index: 1, event: 'recovery:decide',
        payload: { requestId: 'req-1', outcome: 'declined', gestureId: 'lunch', correction: { reason: 'customer called back, wants the refund instead' } },
      },
    ]);
  });

  it('sends nothing for an empty reason', () => {
    const { acts } = live([accepted]);
    fireEvent.click(screen.getByRole('button', { name: 'Change to Declined' }));
    const box = screen.getByRole('textbox', { name: 'Why change it to Declined?' }) as HTMLInputElement;
    fireEvent.input(box, { target: { value: '   ' } });
    fireEvent.submit(box.form!);
    expect(acts.map((a) => a.type)).toEqual(['change']);
    expect(screen.getByRole('textbox', { name: 'Why change it to Declined?' })).toBeTruthy();
  });

  it('Esc closes the box (not the panel), sends nothing and puts focus back on the button', () => {
    const { acts, state } = live([accepted]);
    const change = screen.getByRole('button', { name: 'Change to Declined' });
    fireEvent.click(change);
    const box = screen.getByRole('textbox', { name: 'Why change it to Declined?' });
    let reachedPanel = false;
    document.body.addEventListener('keydown', () => (reachedPanel = true), { once: true });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(reachedPanel).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change to Declined' }));
    expect(acts.map((a) => a.type)).toEqual(['change', 'change']);
    expect(pendingSends(state())).toEqual([]);
  });

  it('offers Declined -> Accepted, in Spanish too, but not while a manager has the gesture waiting', () => {
    const declined: Decision = { outcome: 'declined', gestureId: 'lunch', state: 'done' };
    live([declined], es);
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar a Aceptado' }));
    expect(screen.getByRole('textbox', { name: '¿Por qué cambiarlo a Aceptado?' })).toBeTruthy();
    cleanup();
    live([declined], en, 'pending');
    expect(screen.getByRole('group', { name: 'Customer reaction' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Change to/ })).toBeNull();
  });

  it('shows the refusal when the server says no, and still offers the change', () => {
    const refused: Decision = { outcome: 'declined', gestureId: 'lunch', reason: 'x', state: 'error', error: { code: 'invalid_payload', message: 'correction.reason: 1-500 characters' } };
    live([accepted, refused]);
    const card = screen.getByRole('article');
    expect(within(card).getByText('Not accepted: correction.reason: 1-500 characters')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Change to Declined' })).toBeTruthy();
  });
});
