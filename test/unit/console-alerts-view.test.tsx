// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { AlertsView } from '../../widget/console/components/alerts-view.tsx';
import { timeline } from '../../widget/console/components/alert-timeline.tsx';
import type { AlertView } from '../../server/contract/index.ts';
import { fakeApi } from '../support/fake-console-api.ts';
import { alertEntry, minutes, rec } from '../support/console-fixtures.ts';

afterEach(cleanup);

const mine = rec({ rule: 'parts', location: 'des-moines', description: 'parts never ordered here' });
const partial: AlertView = {
  entry_id: 'a-1',
  status: 'open',
  failures: [mine],
  hidden_failures: 2,
  can_close: false,
  alert: alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 3, within_minutes: 60, failures: [mine.id] }, minutes(5)),
};

describe('alerts view for a manager who oversees only some of the locations', () => {
  it('shows their failures, counts the others, and offers no close form', async () => {
    const api = fakeApi({ 'alert:list': () => [partial] });
    render(<AlertsView api={api} version={0} />);
    await screen.findByText('parts never ordered here');
    expect(screen.getByText(/1 failures shown, 2 more at locations you do not oversee/)).toBeTruthy();
    expect(screen.getByText(/A manager who oversees every location involved closes this alert/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Close this alert' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close alert' })).toBeNull();
  });

  it('keeps the close form when the server says they may close it', async () => {
    const api = fakeApi({ 'alert:list': () => [{ ...partial, hidden_failures: 0, can_close: true }] });
    render(<AlertsView api={api} version={0} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Close alert' })).toBeTruthy());
    expect(screen.queryByText(/more at locations you do not oversee/)).toBeNull();
  });
});

describe('alert timeline', () => {
  const first = rec({ rule: 'parts', description: 'first failure', at: '2026-11-18T10:00:00.000Z' });
  const second = rec({ rule: 'parts', description: 'second failure', at: '2026-11-18T10:12:00.000Z' });
  const third = rec({ rule: 'parts', description: 'third failure', at: '2026-11-18T10:30:00.000Z' });
  const fired: AlertView = {
    entry_id: 'a-2',
    status: 'open',
    failures: [third, first, second],
    can_close: true,
    alert: alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 3, within_minutes: 60, failures: [first.id, second.id, third.id] }, '2026-11-18T10:30:00.000Z'),
  };

  it('places each failure on the axis from the first to the firing, oldest first', () => {
    const t = timeline(fired.failures, fired.alert.at);
    expect(t.points.map((p) => [p.id, p.x, p.after])).toEqual([
      [first.id, 0, 0],
      [second.id, 0.4, 12],
      [third.id, 1, 30],
    ]);
    expect(t.fired).toBe(1);
    expect(timeline([], fired.alert.at).points).toEqual([]);
  });

  it('draws the timeline hidden from screen readers, and the list says the same in order with minutes after the first', async () => {
    const api = fakeApi({ 'alert:list': () => [fired] });
    const { container } = render(<AlertsView api={api} version={0} />);
    await screen.findByText('first failure');
    const svg = container.querySelector('.alert-timeline svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelectorAll('circle')).toHaveLength(3);
    expect(svg.textContent).toContain('fired 10:30:00 UTC');
    const items = [...container.querySelectorAll('details li')].map((li) => li.textContent);
    expect(items.map((t) => t!.match(/\((\d+) min after the first\)/)![1])).toEqual(['0', '12', '30']);
    expect(items[0]).toContain('first failure');
    expect(items[2]).toContain('third failure');
  });
});
