// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, waitFor } from '@testing-library/preact';
import { App, STAFF_REFUSED } from '../../widget/console/components/app.tsx';
import { takeTokenFromUrl, savedToken, saveToken, forgetToken } from '../../widget/console/session.ts';
import type { Connected } from '../../widget/console/api.ts';
import type { Hello, Role } from '../../server/contract/index.ts';
import { fakeApi, type FakeApi } from '../support/fake-console-api.ts';

afterEach(() => {
  cleanup();
  forgetToken();
});

const rules = { version: 'r-1', loaded_at: '2026-11-18T10:00:00.000Z', file: 'rules/gestures.yaml', errors: [] };
const hello = (role: Role): Hello => ({ principal: { token_id: `t-${role}`, role, name: `Pat ${role}`, locations: ['*'] }, rules });

function signInAs(role: Role | 'bad'): { connectWith: (t: string) => Promise<Connected>; api: FakeApi; tokens: string[] } {
  const api = fakeApi({ 'log:query': () => ({ total: 0, offset: 0, entries: [] }), 'approval:list': () => [], 'rules:status': () => rules, 'stats:live': () => ({ last_hour: {}, last_day: {} }) });
  const tokens: string[] = [];
  return {
    api,
    tokens,
    connectWith: async (t) => {
      tokens.push(t);
      return role === 'bad' ? { ok: false, message: 'That token was not accepted (unknown, revoked or mistyped).' } : { ok: true, api, hello: hello(role) };
    },
  };
}

function typeToken(token: string) {
  fireEvent.input(screen.getByLabelText('Token'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('console sign-in', () => {
  it('refuses a staff token and closes its connection', async () => {
    const s = signInAs('staff');
    render(<App connectWith={s.connectWith} />);
    typeToken('staff-token');
    expect((await screen.findByRole('alert')).textContent).toBe(STAFF_REFUSED);
    expect(s.api.closed).toBe(true);
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(savedToken()).toBeNull();
  });

  it('shows why an unknown token failed', async () => {
    const s = signInAs('bad');
    render(<App connectWith={s.connectWith} />);
    typeToken('nope');
    expect((await screen.findByRole('alert')).textContent).toMatch(/not accepted/);
  });

  it('gives an auditor only the auditor views, and keeps the token for the session', async () => {
    const s = signInAs('auditor');
    render(<App connectWith={s.connectWith} />);
    typeToken('  aud-token ');
    const nav = await screen.findByRole('navigation', { name: 'Auditor views' });
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Log', 'Totals', 'Failures over time', 'Chain']);
    expect(screen.queryByRole('button', { name: /Approvals/ })).toBeNull();
    expect(s.tokens).toEqual(['aud-token']);
    expect(savedToken()).toBe('aud-token');
  });

  it('gives a manager only the manager views', async () => {
    const s = signInAs('manager');
    render(<App connectWith={s.connectWith} initialToken="mgr-token" />);
    const nav = await screen.findByRole('navigation', { name: 'Manager views' });
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Customer GPS', 'Live', 'Failures over time', 'Approvals', 'Rules', 'Suggestions', 'Effectiveness', 'Alerts']);
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
  });

  it('says when the connection drops and when the token stops working', async () => {
    const s = signInAs('manager');
    render(<App connectWith={s.connectWith} initialToken="mgr-token" />);
    await screen.findByRole('navigation', { name: 'Manager views' });
    // Effects subscribe after paint: keep reporting "down" until the note shows.
    await waitFor(() => {
      s.api.connection('down');
      expect(screen.getByText(/Connection lost — reconnecting/).getAttribute('role')).toBe('status');
    });
    s.api.connection('up');
    await waitFor(() => expect(screen.queryByText(/Connection lost/)).toBeNull());
    // Coming back refreshes the approval queue (requests made while away).
    expect(s.api.calls.filter((c) => c.event === 'approval:list')).toHaveLength(2);
    s.api.connection('refused');
    expect(await screen.findByText(/no longer accepted/)).toBeTruthy();
  });

  it('signs out back to the token form, forgetting the token', async () => {
    const s = signInAs('manager');
    render(<App connectWith={s.connectWith} initialToken="mgr-token" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByLabelText('Token')).toBeTruthy());
    expect(s.api.closed).toBe(true);
    expect(savedToken()).toBeNull();
  });
});

describe('session token', () => {
  it('takes ?token= from the URL and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/console?token=secret-1&view=log#top');
    expect(takeTokenFromUrl()).toBe('secret-1');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe('/console?view=log#top');
    expect(takeTokenFromUrl()).toBeNull();
  });

  it('keeps the token in sessionStorage', () => {
    saveToken('abc');
    expect(window.sessionStorage.getItem('makegood.console.token')).toBe('abc');
    forgetToken();
    expect(savedToken()).toBeNull();
  });
});
