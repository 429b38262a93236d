// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { AlertsView } from '../../widget/console/components/alerts-view.tsx';
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
