// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within, waitFor } from '@testing-library/preact';
import { FailuresView, bucketLabel } from '../../widget/console/components/failures-view.tsx';
import { failureSeries } from '../../server/stats/failure-series.ts';
import type { FailuresRequest } from '../../server/contract/index.ts';
import { fakeApi } from '../support/fake-console-api.ts';

afterEach(cleanup);

const rows = [
  { at: Date.parse('2026-11-16T09:00:00Z'), location: 'des-moines', rule: 'parts' },
  { at: Date.parse('2026-11-17T10:00:00Z'), location: 'san-jose', rule: 'parts' },
  { at: Date.parse('2026-11-17T11:00:00Z'), location: 'san-jose', rule: 'room' },
];
const labels = { parts: 'Parts never ordered', room: 'Room not ready' };

function setup() {
  // The answers come from the server's own bucketing over fixed rows.
  const api = fakeApi({
    'stats:failures': (q: FailuresRequest) =>
      q.location
        ? failureSeries(rows, q.bucket, Date.parse('2026-11-16T00:00:00Z'), Date.parse('2026-11-18T00:00:00Z'), (l) => l === q.location, labels)
        : q.bucket === 'hour'
        ? failureSeries(rows, 'hour', Date.parse('2026-11-16T08:00:00Z'), Date.parse('2026-11-16T11:00:00Z'), () => true, labels)
        : failureSeries(rows, q.bucket, Date.parse('2026-11-16T00:00:00Z'), Date.parse('2026-11-18T00:00:00Z'), () => true, labels),
  });
  render(<FailuresView api={api} />);
  return api;
}

const tableRows = (table: HTMLElement) => within(table).getAllByRole('row').map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));

describe('failures over time', () => {
  it('shows per day by rule with labels, the same numbers as a table, and switches to locations and hours', async () => {
    const api = setup();
    const table = await screen.findByRole('table', { name: 'Failures per day by rule' });
    expect(tableRows(table)).toEqual([
      ['Day', 'Parts never ordered', 'Room not ready', 'All'],
      ['2026-11-16', '1', '0', '1'],
      ['2026-11-17', '1', '1', '2'],
    ]);
    expect(screen.getByText(/3 recoveries in the last 30 days, per day/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('By'), { target: { value: 'location' } });
    expect(tableRows(screen.getByRole('table', { name: 'Failures per day by location' }))[0]).toEqual(['Day', 'San Jose', 'Des Moines', 'All']);
    fireEvent.change(screen.getByLabelText('Per'), { target: { value: 'hour' } });
    await waitFor(() => expect(api.calls.at(-1)?.payload).toEqual({ bucket: 'hour' }));
    const hours = await screen.findByRole('table', { name: 'Failures per hour by location' });
    expect(tableRows(hours)).toEqual([
      ['Hour', 'Des Moines', 'All'],
      ['2026-11-16 08:00 UTC', '0', '0'],
      ['2026-11-16 09:00 UTC', '1', '1'],
      ['2026-11-16 10:00 UTC', '0', '0'],
    ]);
  });

  it('narrows to one location, named by its display name', async () => {
    const api = setup();
    await screen.findByRole('table', { name: 'Failures per day by rule' });
    const select = screen.getByLabelText('Location') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['all (2)', 'Des Moines', 'San Jose']);
    fireEvent.change(select, { target: { value: 'san-jose' } });
    await waitFor(() => expect(api.calls.at(-1)?.payload).toEqual({ bucket: 'day', location: 'san-jose' }));
    await waitFor(() => expect(document.querySelector('p.count')?.textContent).toMatch(/^2 recoveries/));
    expect(tableRows(screen.getByRole('table', { name: 'Failures per day by rule' }))).toEqual([
      ['Day', 'Parts never ordered', 'Room not ready', 'All'],
      ['2026-11-16', '0', '0', '0'],
      ['2026-11-17', '1', '1', '2'],
    ]);
    // The other locations stay offered while one is shown.
    expect([...select.options].map((o) => o.value)).toEqual(['', 'des-moines', 'san-jose']);
  });

  it('says what the server refused', async () => {
    const api = fakeApi({ 'stats:failures': () => ({ ok: false, error: { code: 'invalid_payload', message: 'that range holds more than 400 hours' } }) });
    render(<FailuresView api={api} />);
    expect((await screen.findByRole('alert')).textContent).toContain('more than 400 hours');
  });

  it('labels buckets in UTC', () => {
    expect(bucketLabel('2026-11-16T00:00:00.000Z', 'week')).toBe('week of 2026-11-16');
    expect(bucketLabel('2026-11-16T05:00:00.000Z', 'hour')).toBe('2026-11-16 05:00 UTC');
  });
});
