// @vitest-environment happy-dom
/** The panel as staff use it: status line, conversation states, composer, chips, keyboard. */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/contract/errors.ts';
import { App } from '../../widget/chat/app.tsx';
import { en } from '../../widget/chat/messages.ts';
import { MessageList } from '../../widget/chat/message-list.tsx';
import { StatusLine } from '../../widget/chat/status-line.tsx';
import { createStore, initialState, type Action, type Status, type Store, type Turn } from '../../widget/chat/store.ts';
import { doneTurn } from '../support/widget-builders.ts';

afterEach(cleanup);

describe('StatusLine', () => {
  it.each<[Status, string]>([
    ['connecting', 'Connecting…'],
    ['connected', 'Connected'],
    ['reconnecting', 'Reconnecting…'],
    ['offline', 'Offline: will send when back'],
  ])('%s', (status, text) => {
    render(<StatusLine t={en} status={status} />);
    const line = screen.getByRole('status');
    expect(line.textContent).toBe(text);
    expect(line.className).toContain(status);
  });

  it('says why when the server refused the token', () => {
    render(<StatusLine t={en} status="offline" refused={{ code: 'unauthorized', message: 'unknown or revoked token' }} />);
    expect(screen.getByRole('status').textContent).toBe('Staff token refused. Ask a manager for a new one.');
  });
});

describe('MessageList', () => {
  const pending: Turn = { id: 'r1', text: 'soup was cold', context: { lang: 'en', wait_minutes: 30, customer_tier: 'gold' }, state: 'pending', decisions: [] };

  function list(turns: Turn[], status: Status = 'connected') {
    const acts: Action[] = [];
    render(<MessageList t={en} lang="en" status={status} turns={turns} act={(a) => acts.push(a)} />);
    return acts;
  }

  it('is a polite live region, so replies are announced', () => {
    list([]);
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(within(log).getByText('Type what went wrong.')).toBeTruthy();
  });

  it('shows the typed text with its context, and "finding" while connected', () => {
    list([pending]);
    expect(screen.getByText('soup was cold')).toBeTruthy();
    expect(screen.getByText(/Waited \(min\): 30 · Customer tier: gold/)).toBeTruthy();
    expect(screen.getByText('Finding a gesture…')).toBeTruthy();
  });

  it('shows a request typed while offline as queued', () => {
    list([pending], 'offline');
    expect(screen.getByText('Queued: sends when connected')).toBeTruthy();
  });

  it('shows the reply card once answered', () => {
    list([doneTurn()]);
    expect(screen.getByRole('article', { name: 'Recommendation: Lunch in our lobby café' })).toBeTruthy();
  });

  it.each(ERROR_CODES)('explains a %s error in words and offers to try again', (code) => {
    const acts = list([{ ...pending, state: 'error', error: { code, message: 'description: at most 2000 characters' } }]);
    const text = en.errors[code].replace('{0}', 'description: at most 2000 characters');
    expect(screen.getByText(text)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(acts).toEqual([{ type: 'retry', id: 'r1' }]);
  });
});

describe('App', () => {
  let store: Store;
  beforeEach(() => {
    store = createStore(initialState('en'));
    render(<App store={store} location="des-moines" />);
  });

  const launcher = () => screen.getByRole('button', { name: 'Recovery help' });
  const open = () => fireEvent.click(launcher());

  it('opens from the launcher with the cursor in the text box, and Esc closes it and returns focus', () => {
    expect(launcher().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('dialog')).toBeNull();
    open();
    const dialog = screen.getByRole('dialog', { name: 'Make it good' });
    expect(launcher().getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('What went wrong?'));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(launcher());
  });

  it('the close button closes it too', () => {
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(launcher());
  });

  it('Enter sends; Shift+Enter does not', () => {
    open();
    const box = screen.getByLabelText('What went wrong?') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'The parts for his booked repair were never ordered' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(store.get().turns).toHaveLength(0);
    fireEvent.keyDown(box, { key: 'Enter' });
    const [turn] = store.get().turns;
    expect(turn).toMatchObject({ text: 'The parts for his booked repair were never ordered', state: 'pending', context: { lang: 'en', location: 'des-moines' } });
    expect(turn!.id).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(store.get().draft).toBe('');
    expect(box.value).toBe('');
  });

  it('an empty message is not sent', () => {
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.keyDown(screen.getByLabelText('What went wrong?'), { key: 'Enter' });
    expect(store.get().turns).toHaveLength(0);
  });

  it('context chips go into every request of the conversation until Clear chat', () => {
    open();
    fireEvent.click(screen.getByRole('button', { name: '+ Waited (min)' }));
    fireEvent.input(screen.getByLabelText('Waited (min)'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Customer tier' }));
    fireEvent.input(screen.getByLabelText('Customer tier'), { target: { value: ' gold ' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Amount paid' }));
    fireEvent.input(screen.getByLabelText('Amount paid'), { target: { value: '$12.50' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Customer ref' }));
    fireEvent.input(screen.getByLabelText('Customer ref'), { target: { value: 'RO-1182' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Customer ref' }));
    fireEvent.input(screen.getByLabelText('What went wrong?'), { target: { value: 'oil change ran long' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const context = { lang: 'en', wait_minutes: 45, customer_tier: 'gold', amount_paid: 12.5, location: 'des-moines' };
    expect(store.get().turns[0]!.context).toEqual(context);
    // Still there for the same customer's next request.
    expect((screen.getByLabelText('Waited (min)') as HTMLInputElement).value).toBe('45');
    fireEvent.input(screen.getByLabelText('What went wrong?'), { target: { value: 'and the coffee was cold' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(store.get().turns[1]!.context).toEqual(context);
    fireEvent.click(screen.getByRole('button', { name: 'Clear chat' }));
    expect(screen.getByRole('button', { name: '+ Waited (min)' })).toBeTruthy();
    expect(screen.queryByLabelText('Amount paid')).toBeNull();
  });

  it('an amount that is not a number is refused with words saying what to type, and nothing is sent', () => {
    open();
    fireEvent.click(screen.getByRole('button', { name: '+ Amount paid' }));
    const amount = screen.getByLabelText('Amount paid');
    fireEvent.input(amount, { target: { value: 'twelve dollars' } });
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    const help = document.getElementById(amount.getAttribute('aria-describedby')!)!;
    expect(help.textContent).toBe('Type digits, like 12.50');
    fireEvent.input(screen.getByLabelText('What went wrong?'), { target: { value: 'oil change ran long' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(store.get().turns).toHaveLength(0);
    expect(document.activeElement).toBe(amount);
    fireEvent.input(amount, { target: { value: '12,50 €' } });
    expect(amount.getAttribute('aria-invalid')).toBe('false');
    expect(amount.getAttribute('aria-describedby')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(store.get().turns[0]!.context.amount_paid).toBe(12.5);
  });

  it('Clear chat empties the conversation', () => {
    store.dispatch({ type: 'submit', id: 'x1', text: 'cold soup', context: {} });
    open();
    expect(screen.getByText('cold soup')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear chat' }));
    expect(store.get().turns).toEqual([]);
    expect(screen.queryByText('cold soup')).toBeNull();
  });

  it('shows the connection status while open', () => {
    open();
    act(() => store.dispatch({ type: 'set', status: 'reconnecting' }));
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
    act(() => store.dispatch({ type: 'set', status: 'connected' }));
    expect(screen.getByRole('status').textContent).toBe('Connected');
  });

  it('every button has a name', () => {
    store.dispatch({ type: 'submit', id: 'x1', text: 'cold soup', context: {} });
    store.dispatch({ type: 'recommended', id: 'x1', ack: { ok: true, data: doneTurn().result! } });
    open();
    for (const b of screen.getAllByRole('button')) expect(b.textContent?.trim() || b.getAttribute('aria-label')).toBeTruthy();
  });
});
