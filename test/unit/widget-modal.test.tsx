// @vitest-environment happy-dom
/**
 * The panel on a small screen is a real modal (aria-modal, Tab stays inside, Esc closes, focus
 * back on the launcher); on a wide screen it is a plain dialog beside the page. And the card that
 * changed scrolls into view with its first line showing.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App, reveal } from '../../widget/chat/app.tsx';
import { FULL } from '../../widget/chat/panel.tsx';
import { createStore, initialState, type Store } from '../../widget/chat/store.ts';
import { result } from '../support/widget-builders.ts';

const realMatch = window.matchMedia;
afterEach(() => {
  cleanup();
  window.matchMedia = realMatch;
});

/** A screen where the full-screen media query holds (or not). */
function screenWhere(full: boolean) {
  window.matchMedia = ((q: string) => ({ matches: full && q === FULL, media: q, addEventListener() {}, removeEventListener() {} })) as any;
}

function mount(): Store {
  const store = createStore(initialState('en'));
  render(<App store={store} location="des-moines" />);
  fireEvent.click(screen.getByRole('button', { name: 'Recovery help' }));
  return store;
}

describe('panel at full screen', () => {
  it('is aria-modal; Tab from the last control goes to the first, Shift+Tab from the first to the last', () => {
    screenWhere(true);
    mount();
    const dialog = screen.getByRole('dialog', { name: 'Make it good' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const controls = [...dialog.querySelectorAll<HTMLElement>('button,textarea,input,summary')];
    const first = controls[0]!;
    const last = controls[controls.length - 1]!;
    expect(within(dialog).getByRole('button', { name: 'Send' })).toBe(last);
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('Tab between inner controls is left to the browser', () => {
    screenWhere(true);
    mount();
    const box = screen.getByLabelText('What went wrong?');
    const tab = fireEvent.keyDown(box, { key: 'Tab' });
    expect(tab).toBe(true); // not prevented
    expect(document.activeElement).toBe(box);
  });

  it('Esc closes it and focus returns to the launcher', () => {
    screenWhere(true);
    mount();
    fireEvent.keyDown(screen.getByLabelText('What went wrong?'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Recovery help' }));
  });

  it('on a wide screen the panel is not modal and Tab leaves it', () => {
    screenWhere(false);
    mount();
    const dialog = screen.getByRole('dialog', { name: 'Make it good' });
    expect(dialog.getAttribute('aria-modal')).not.toBe('true');
    const send = within(dialog).getByRole('button', { name: 'Send' });
    send.focus();
    expect(fireEvent.keyDown(send, { key: 'Tab' })).toBe(true);
  });
});

describe('the changed card scrolls into view', () => {
  /** A scroll box `height` tall scrolled to `scroll`, and an element at `top` (in the content) `tall` high. */
  function geometry(height: number, scroll: number, top: number, tall: number) {
    const box = { clientHeight: height, scrollTop: scroll, getBoundingClientRect: () => ({ top: 100 }) } as unknown as HTMLElement;
    const el = { offsetHeight: tall, getBoundingClientRect: () => ({ top: 100 + top - scroll }) } as unknown as HTMLElement;
    return { box, el, show: (at: number) => [at, at + height] };
  }

  it.each([
    ['a short card below the fold', 290, 0, 500, 120],
    ['a card taller than the conversation', 290, 0, 400, 600],
    ['a card above the view', 290, 900, 300, 120],
    ['a card already in view', 290, 400, 450, 100],
  ])('%s: its first line shows, and all of it when it fits', (_name, height, scroll, top, tall) => {
    const { box, el, show } = geometry(height, scroll, top, tall);
    const [from, to] = show(reveal(box, el));
    expect(top).toBeGreaterThanOrEqual(from!);
    expect(top).toBeLessThan(to!);
    if (tall + 16 <= height) expect(top + tall).toBeLessThanOrEqual(to!);
  });

  it('an approval on an earlier card shows in the conversation (a live log) and scrolls the log', () => {
    screenWhere(false);
    const store = mount();
    act(() => {
      store.dispatch({ type: 'submit', id: 'a1', text: 'parts never ordered', context: {} });
      store.dispatch({ type: 'recommended', id: 'a1', ack: { ok: true, data: result({}, 'pending') } });
      store.dispatch({ type: 'submit', id: 'a2', text: 'coffee cold', context: {} });
      store.dispatch({ type: 'recommended', id: 'a2', ack: { ok: true, data: result() } });
    });
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    act(() => store.dispatch({ type: 'approval', requestId: 'a1', approved: true }));
    const [first] = within(log).getAllByRole('article');
    expect(within(first!).getByText('Manager approved')).toBeTruthy();
    expect(within(first!).getByRole('group', { name: 'Outcome' })).toBeTruthy();
  });
});
