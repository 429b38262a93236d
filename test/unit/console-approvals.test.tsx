// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within, waitFor } from '@testing-library/preact';
import { ApprovalsView } from '../../widget/console/components/approvals-view.tsx';
import { ManagerViews } from '../../widget/console/components/manager-views.tsx';
import type { ApprovalDecideManyRequest, Hello, PendingApproval } from '../../server/contract/index.ts';
import { fakeApi } from '../support/fake-console-api.ts';
import { rec, alertEntry, closed, minutes } from '../support/console-fixtures.ts';

afterEach(cleanup);

const ask = (o: Parameters<typeof rec>[0], since: string): PendingApproval => {
  const e = rec(o);
  return { entry: e, since, request: { entry_id: e.id, gesture: e.gesture } };
};

// Three at Des Moines, one at San Jose; the San Jose one is the oldest.
const queue = [
  ask({ location: 'des-moines', gesture: 'free-night', value: 180, staff: 'ana', description: 'flooded room' }, minutes(10)),
  ask({ location: 'des-moines', gesture: 'upgrade', value: 90, staff: 'bo', description: 'no hot water' }, minutes(20)),
  ask({ location: 'des-moines', gesture: 'free-night', value: 180, staff: 'anabel', description: 'noisy party' }, minutes(30)),
  ask({ location: 'san-jose', gesture: 'upgrade', value: 90, staff: 'cy', description: 'broken lift' }, minutes(0)),
];

function setup(pending = queue) {
  let left = [...pending];
  const api = fakeApi({
    'approval:decide-many': (req: ApprovalDecideManyRequest) => ({
      decided: req.entryIds.filter((id) => id !== queue[1]!.entry.id).map((entryId) => ({ entryId, entry_id: `appr-${entryId}` })),
      // Someone else was quicker on this one.
      failed: req.entryIds.filter((id) => id === queue[1]!.entry.id).map((entryId) => ({ entryId, code: 'conflict', message: 'already decided' })),
    }),
    'approval:decide': () => ({ entry_id: 'appr-1' }),
  });
  const view = render(<ApprovalsView api={api} pending={left} onDone={(id) => (left = left.filter((p) => p.entry.id !== id))} />);
  const rerender = () => view.rerender(<ApprovalsView api={api} pending={left} onDone={(id) => (left = left.filter((p) => p.entry.id !== id))} />);
  return { api, rerender, left: () => left };
}

const cardTitles = () => screen.getAllByRole('heading', { level: 3 }).filter((h) => h.id.startsWith('req-')).map((h) => h.textContent);

describe('approval queue', () => {
  it('groups by location with a count per group, oldest group and request first, with its age', () => {
    setup();
    const groups = screen.getAllByRole('heading', { level: 3 }).filter((h) => h.id.startsWith('grp-'));
    expect(groups.map((g) => g.textContent?.replace(/, oldest .*\)/, ')'))).toEqual(['San Jose (1 waiting)', 'Des Moines (3 waiting)']);
    const desMoines = screen.getByRole('list', { name: 'Waiting in Des Moines' });
    expect(within(desMoines).getAllByText(/^Waiting /).map((n) => n.textContent)).toHaveLength(3);
    expect(cardTitles()[0]).toBe('upgrade ($90.00) for San Jose');
    expect(screen.getByText('4 of 4 waiting match the filters, oldest first.')).toBeTruthy();
  });

  it('groups by gesture when asked', () => {
    setup();
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'gesture' } });
    const groups = screen.getAllByRole('heading', { level: 3 }).filter((h) => h.id.startsWith('grp-'));
    expect(groups.map((g) => g.textContent?.replace(/, oldest .*\)/, ')'))).toEqual(['upgrade (2 waiting)', 'free-night (2 waiting)']);
  });

  it('filters by location name, gesture, value range and part of a staff name', () => {
    setup();
    const loc = screen.getByLabelText('Location');
    expect(within(loc).getAllByRole('option').map((o) => o.textContent)).toEqual(['All locations', 'Des Moines', 'San Jose']);
    fireEvent.change(loc, { target: { value: 'des-moines' } });
    expect(screen.getByText('3 of 4 waiting match the filters, oldest first.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Staff'), { target: { value: 'ANA' } });
    expect(screen.getByText('2 of 4 waiting match the filters, oldest first.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Maximum value'), { target: { value: '100' } });
    expect(screen.getByText('0 of 4 waiting match the filters, oldest first.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Maximum value'), { target: { value: 'lots' } });
    expect(screen.getByRole('alert').textContent).toBe('Maximum value: "lots" is not a number (e.g. 50 or 99.50).');
    fireEvent.input(screen.getByLabelText('Maximum value'), { target: { value: '' } });
    fireEvent.input(screen.getByLabelText('Minimum value'), { target: { value: '100' } });
    expect(cardTitles()).toEqual(['free-night ($180.00) for Des Moines', 'free-night ($180.00) for Des Moines']);
  });

  it('approves a selection with one note; one taken by someone else is said so, and all leave the queue', async () => {
    const { api, rerender, left } = setup();
    fireEvent.change(screen.getByLabelText('Location'), { target: { value: 'des-moines' } });
    fireEvent.click(screen.getByRole('button', { name: 'Select all 3 in Des Moines' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select free-night for anabel' })); // unselect one
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Note for the selection'), { target: { value: 'storm week' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve selected (2)' }));
    await waitFor(() => expect(screen.getByText('Approved 1. 1 had already been decided by someone else.')).toBeTruthy());
    expect(api.calls.filter((c) => c.event === 'approval:decide-many').map((c) => c.payload)).toEqual([
      { entryIds: [queue[0]!.entry.id, queue[1]!.entry.id], approved: true, note: 'storm week' },
    ]);
    rerender();
    expect(left().map((p) => p.entry.description)).toEqual(['noisy party', 'broken lift']);
    expect(screen.queryByText('flooded room')).toBeNull();
  });

  it('pages a long group and decides a request from the keyboard (A approves)', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ask({ location: 'des-moines', staff: `s${i}`, description: `case ${i}`, value: 200 }, minutes(i)));
    const { api } = setup(many);
    expect(screen.getAllByRole('button', { name: /^Approve .+ for s\d+$/ })).toHaveLength(25);
    fireEvent.click(screen.getByRole('button', { name: 'Show 25 more in Des Moines (35 not shown)' }));
    expect(screen.getAllByRole('button', { name: /^Approve .+ for s\d+$/ })).toHaveLength(50);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Approve coffee for s3' }), { key: 'a' });
    await waitFor(() => expect(api.calls.filter((c) => c.event === 'approval:decide').map((c) => c.payload)).toEqual([{ entryId: many[3]!.entry.id, approved: true }]));
  });
});

describe('alert banner', () => {
  it('follows the alert: closed anywhere, it is gone', async () => {
    const hello: Hello = { principal: { token_id: 't-m', role: 'manager', name: 'Mia', locations: ['*'] }, rules: { version: 'r', loaded_at: minutes(0), file: 'x', errors: [] } };
    const api = fakeApi({ 'approval:list': () => [], 'rules:status': () => hello.rules, 'log:query': () => ({ total: 0, offset: 0, entries: [] }), 'stats:live': () => ({ last_hour: {}, last_day: {} }), 'rules:list': () => [{ id: 'parts', label: 'Parts not ordered' }] });
    render(<ManagerViews api={api} hello={hello} />);
    const fired = alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'per-location', location: 'des-moines', count: 3, within_minutes: 60, failures: [] }, minutes(1));
    api.push('alert:fired', fired);
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('3 × Parts not ordered within 60 min at Des Moines');
    api.push('alert:closed', closed(alertEntry({ alert_id: 'other', rule_id: 'x', scope: 'all-locations', count: 2, within_minutes: 5, failures: [] }, minutes(2)), minutes(3)));
    expect(screen.getByRole('alert')).toBeTruthy();
    api.push('alert:closed', closed(fired, minutes(4)));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
