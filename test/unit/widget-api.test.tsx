// @vitest-environment happy-dom
/** The host page's makegood(...) API: the pre-load queue, checks on every call, language packs. */
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { installApi, runCommand } from '../../widget/chat/api.ts';
import { App } from '../../widget/chat/app.tsx';
import { LANGS } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';
import { createStore, initialState } from '../../widget/chat/store.ts';

afterEach(cleanup);

type Win = { makegood?: ((...a: unknown[]) => void) & { q?: unknown; loaded?: boolean } };

/** The snippet from the README, run the way a host page runs it. */
function snippet(win: Win) {
  win.makegood = win.makegood || Object.assign(function (...args: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    ((win.makegood!.q as unknown[]) = (win.makegood!.q as unknown[]) || []).push(arguments);
  }, {});
}

describe('makegood(...) API', () => {
  it('replays calls queued by the snippet before the script loaded, in order, skipping bad ones', () => {
    const win: Win = {};
    snippet(win);
    win.makegood!('prefill', 'guest waited 35 minutes at the spa desk');
    win.makegood!('open');
    win.makegood!('explode');
    win.makegood!('lang', 'fr');
    win.makegood!('prefill', { text: 'not a string' });
    const store = createStore(initialState('en'));
    const warnings: string[] = [];
    installApi(win, store, (m) => warnings.push(m));
    expect(store.get()).toMatchObject({ open: true, draft: 'guest waited 35 minutes at the spa desk', lang: 'en' });
    expect(warnings).toEqual(['makegood: unknown command explode', 'makegood: lang fr: use en or es', 'makegood: prefill needs a text']);
    expect(win.makegood!.loaded).toBe(true);
  });

  it('ignores a queue that is not a list, and queued items that are not argument lists', () => {
    const store = createStore(initialState('en'));
    const warnings: string[] = [];
    installApi({ makegood: Object.assign(() => {}, { q: 'oops' }) }, store, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    installApi({ makegood: Object.assign(() => {}, { q: [null, 42, ['open']] }) }, store, (m) => warnings.push(m));
    expect(store.get().open).toBe(true);
    expect(warnings).toEqual(['makegood: unknown command undefined', 'makegood: unknown command undefined']);
  });

  it('open, close, clear, prefill and lang act on the store once loaded', () => {
    const store = createStore(initialState('en'));
    const win: Win = {};
    installApi(win, store, () => {});
    store.dispatch({ type: 'submit', id: 'r1', text: 'cold soup', context: {} });
    win.makegood!('open');
    expect(store.get().open).toBe(true);
    win.makegood!('close');
    expect(store.get().open).toBe(false);
    win.makegood!('prefill', 'x'.repeat(3000));
    expect(store.get().draft).toHaveLength(2000);
    win.makegood!('clear');
    expect(store.get().turns).toEqual([]);
    win.makegood!('lang', 'es');
    expect(store.get().lang).toBe('es');
  });

  it('Spanish: English until widget-es.js hands over a complete pack; incomplete packs are refused', () => {
    const store = createStore(initialState('es'));
    render(<App store={store} />);
    expect(screen.getByRole('button', { name: 'Recovery help' })).toBeTruthy();
    expect(runCommand(store, ['messages', 'es', { ...es, errors: { internal: 'x' } }])).toBe('incomplete messages');
    expect(runCommand(store, ['messages', 'xx', es])).toBe('incomplete messages');
    expect(LANGS.es).toBeUndefined();
    act(() => void runCommand(store, ['messages', 'es', es]));
    expect(screen.getByRole('button', { name: 'Ayuda de compensación' })).toBeTruthy();
  });
});
