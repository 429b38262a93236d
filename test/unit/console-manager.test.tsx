// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within, waitFor } from '@testing-library/preact';
import { ManagerViews } from '../../widget/console/components/manager-views.tsx';
import type { AlertView, Hello, PendingApproval } from '../../server/contract/index.ts';
import { fakeApi } from '../support/fake-console-api.ts';
import { rec, decision, alertEntry, minutes } from '../support/console-fixtures.ts';

afterEach(cleanup);

const rules = { version: 'r-1', loaded_at: '2026-11-18T10:00:00.000Z', file: 'rules/gestures.yaml', errors: [] };
const hello: Hello = { principal: { token_id: 't-m', role: 'manager', name: 'Mia', locations: ['des-moines', 'san-jose'] }, rules };
const earlier = rec({ description: 'logged before the console opened', location: 'des-moines' });
const waiting = rec({ gesture: 'free-night', value: 180, staff: 'ana', description: 'flooded room' });
const failures = [rec({ rule: 'parts' }), rec({ rule: 'parts' })];
const openAlert: AlertView = {
  entry_id: 'a-1',
  status: 'open',
  failures,
  alert: alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 2, within_minutes: 60, failures: failures.map((f) => f.id) }, minutes(5)),
};

function setup() {
  const pending: PendingApproval[] = [{ entry: waiting, since: waiting.at, request: { entry_id: waiting.id, gesture: waiting.gesture } }];
  const api = fakeApi({
    'log:query': () => ({ total: 1, offset: 0, entries: [earlier] }),
    'approval:list': () => pending,
    'approval:decide': () => ({ entry_id: 'e-appr' }),
    'rules:status': () => rules,
    'stats:live': () => ({ last_hour: { parts: { 'des-moines': 2 } }, last_day: { parts: { 'des-moines': 5, 'san-jose': 1 } } }),
    'stats:effectiveness': ({ days }) => ({
      days,
      by_rule: [{ key: 'parts', offered: 4, accepted: 3, declined: 1, acceptance_rate: 0.75, reactions: { delighted: 1, satisfied: 2, neutral: 0, upset: 1 }, average_value: 12.5 }],
      by_gesture: [],
    }),
    'alert:list': () => [openAlert],
    'alert:close': () => ({ entry_id: 'e-closed' }),
  });
  render(<ManagerViews api={api} hello={hello} />);
  // The Customer GPS is the first screen; these tests start on Live (the GPS has its own).
  fireEvent.click(screen.getByRole('button', { name: 'Live' }));
  return api;
}

const calls = (api: ReturnType<typeof setup>, event: string) => api.calls.filter((c) => c.event === event).map((c) => c.payload);

describe('manager live view', () => {
  it('shows recoveries and decisions the moment they arrive, as text', async () => {
    const api = setup();
    const feed = await screen.findByRole('log', { name: 'Live recoveries' });
    await waitFor(() => expect(within(feed).getByText('logged before the console opened')).toBeTruthy());
    expect(calls(api, 'log:query')).toEqual([{ type: 'recommendation', limit: 20 }]);
    const r = rec({ location: 'san-jose', description: '<script>x()</script> waited an hour', staff: 'bo' });
    api.push('recovery:logged', r);
    await waitFor(() => expect(within(feed).getByText('<script>x()</script> waited an hour')).toBeTruthy());
    // Newest on top.
    expect(within(feed).getAllByRole('listitem')[0]?.textContent).toContain('waited an hour');
    expect(feed.querySelector('script')).toBeNull();
    api.push('recovery:decided', decision(r, 'declined', { reaction: 'upset' }));
    // The decision names the recovery and the gesture it belongs to.
    await waitFor(() => expect(within(feed).getByText(/bo recorded declined for .+ on “<script>x\(\)<\/script> waited an hour” \(customer upset\)/)).toBeTruthy());
  });

  it('shows counts per rule and location for the hour and the day', async () => {
    setup();
    const hour = (await screen.findByText('Last hour')).closest('table')!;
    expect(within(hour).getByRole('rowheader', { name: 'parts' })).toBeTruthy();
    const day = screen.getByText('Last 24 hours').closest('table')!;
    expect(within(day).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Rule', 'des-moines', 'san-jose']);
    expect(within(day).getByText('5')).toBeTruthy();
  });

  it('refetches the counts once for a burst of live recoveries', async () => {
    const api = setup();
    await screen.findByText('Last hour');
    for (let i = 0; i < 5; i++) api.push('recovery:logged', rec({ description: `burst ${i}` }));
    await waitFor(() => expect(calls(api, 'stats:live')).toHaveLength(2), { timeout: 3000 });
    expect(screen.getByText('burst 4')).toBeTruthy();
  });
});

describe('manager approvals', () => {
  it('lists waiting requests, adds live ones, and approves with a note', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: /Approvals/ }));
    expect(await screen.findByText('flooded room')).toBeTruthy();
    const live = rec({ gesture: 'upgrade', value: 90, staff: 'cy', description: 'no hot water' });
    api.push('approval:requested', { entry: live, since: live.at, request: { entry_id: live.id, gesture: live.gesture } });
    expect(await screen.findByText('no hot water')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Note (optional)', { selector: `#note-${waiting.id}` }), { target: { value: 'ok this once' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve free-night for ana' }));
    await waitFor(() => expect(screen.queryByText('flooded room')).toBeNull());
    expect(calls(api, 'approval:decide')).toEqual([{ entryId: waiting.id, approved: true, note: 'ok this once' }]);
    // Another manager decided the live one: it leaves the queue here too.
    api.push('approval:decided', { ...decision(live, 'accepted'), type: 'approval', ref: live.id, approved: false, request_id: live.request_id } as never);
    await waitFor(() => expect(screen.queryByText('no hot water')).toBeNull());
    expect(screen.getByText('No requests waiting.')).toBeTruthy();
  });

  it('a swap asks for its own gesture and value: the request replaces the withdrawn one and is decided by its own id', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: /Approvals/ }));
    expect(await screen.findByText('flooded room')).toBeTruthy();
    const night = { id: 'night', label: 'A night on us', value: 150, kind: 'money' as const };
    api.push('approval:requested', { entry: waiting, since: minutes(1), request: { entry_id: 'e-swap-1', gesture: night } });
    expect(await screen.findByRole('heading', { name: 'A night on us ($150.00) for Des Moines' })).toBeTruthy();
    expect(screen.getByText(/Swapped by staff from/)).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Approve .+ for / })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Decline A night on us for ana' }));
    await waitFor(() => expect(calls(api, 'approval:decide')).toEqual([{ entryId: 'e-swap-1', approved: false }]));
  });

  it('a request withdrawn by a swap leaves the queue', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: /Approvals/ }));
    expect(await screen.findByText('flooded room')).toBeTruthy();
    api.push('approval:withdrawn', { entry_id: 'someone-else', ref: 'x', request_id: 'y' });
    expect(screen.getByText('flooded room')).toBeTruthy();
    api.push('approval:withdrawn', { entry_id: waiting.id, ref: waiting.id, request_id: waiting.request_id });
    await waitFor(() => expect(screen.queryByText('flooded room')).toBeNull());
  });
});

describe('manager rules, effectiveness and alerts', () => {
  it('shows a bad save’s errors as they happen', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: /Rules/ }));
    expect(screen.getByText('r-1')).toBeTruthy();
    api.push('rules:error', { ...rules, errors: ['rules/gestures.yaml:14:7 rule "parts": unknown gesture "lunchh" (did you mean "lunch"?)'] });
    expect((await screen.findByRole('alert')).textContent).toMatch(/unknown gesture "lunchh"/);
  });

  it('switches effectiveness between 7 and 30 days', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Effectiveness' }));
    expect(await screen.findByText('Per rule, last 7 days')).toBeTruthy();
    expect(screen.getByText('75%')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
    expect(await screen.findByText('Per rule, last 30 days')).toBeTruthy();
    expect(calls(api, 'stats:effectiveness')).toEqual([{ days: 7 }, { days: 30 }]);
  });

  it('will not close an alert without a root cause and a fix', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Alerts' }));
    expect(await screen.findByText(/Open: parts-quorum/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Root cause'), { target: { value: 'supplier strike' } });
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/both the root cause and the fix/);
    expect(calls(api, 'alert:close')).toEqual([]);
    fireEvent.input(screen.getByLabelText('Fix'), { target: { value: 'second supplier' } });
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    await waitFor(() => expect(calls(api, 'alert:close')).toEqual([{ entryId: 'a-1', root_cause: 'supplier strike', fix: 'second supplier' }]));
  });

  it('raises a banner when an alert fires', async () => {
    const api = setup();
    await screen.findByRole('log');
    api.push('alert:fired', openAlert.alert);
    expect((await screen.findByRole('alert')).textContent).toMatch(/parts-quorum: 2 × parts within 60 min across locations/);
  });
});
