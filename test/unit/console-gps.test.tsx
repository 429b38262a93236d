// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, cleanup, within, waitFor, fireEvent } from '@testing-library/preact';
import { ManagerViews } from '../../widget/console/components/manager-views.tsx';
import type { AlertView, Hello, LiveCounts } from '../../server/contract/index.ts';
import { locationTiles } from '../../server/stats/location-tiles.ts';
import { settle } from '../../server/stats/settle.ts';
import { fakeApi } from '../support/fake-console-api.ts';
import { rec, alertEntry, minutes } from '../support/console-fixtures.ts';

afterEach(cleanup);

const hour = (n: number) => new Array<number>(24).fill(0).map((_, i) => (i === 23 ? n : 0));

describe('locationTiles()', () => {
  const now = new Date(minutes(24 * 60));
  it('counts per location for the hour and the day, buckets by hour, top kinds, and quiet named locations', () => {
    const items = [
      rec({ location: 'des-moines', rule: 'parts', at: minutes(24 * 60 - 5) }),
      rec({ location: 'des-moines', rule: 'parts', at: minutes(24 * 60 - 70) }),
      rec({ location: 'des-moines', rule: null, at: minutes(24 * 60 - 30) }),
      rec({ location: 'san-jose', rule: 'late-car', at: minutes(60) }),
      rec({ location: 'austin', rule: 'late-car', at: minutes(24 * 60 - 1) }), // not overseen
      rec({ location: 'des-moines', rule: 'parts', at: minutes(-5) }), // older than a day
    ];
    const tiles = locationTiles(settle(items).values(), (l) => l !== 'austin', now, ['des-moines', 'san-jose', 'boise']);
    expect(tiles.map((t) => [t.location, t.last_hour, t.last_day])).toEqual([
      ['des-moines', 2, 3],
      ['san-jose', 0, 1],
      ['boise', 0, 0],
    ]);
    const dm = tiles[0]!;
    expect(dm.hourly).toHaveLength(24);
    expect(dm.hourly.slice(-2)).toEqual([1, 2]);
    expect(dm.top).toEqual([
      { rule: 'parts', count: 2 },
      { rule: 'fallback', count: 1 },
    ]);
    expect(dm.latest_at).toBe(minutes(24 * 60 - 5));
  });
});

describe('customer GPS', () => {
  const hello: Hello = { principal: { token_id: 't-m', role: 'manager', name: 'Mia', locations: ['des-moines', 'san-jose'] }, rules: { version: 'r', loaded_at: minutes(0), file: 'x', errors: [] } };
  const live: LiveCounts = {
    last_hour: {},
    last_day: {},
    tiles: [
      { location: 'des-moines', last_hour: 3, last_day: 7, hourly: hour(3), top: [{ rule: 'parts', count: 5 }], latest_at: minutes(1) },
      { location: 'san-jose', last_hour: 0, last_day: 0, hourly: hour(0), top: [], latest_at: null },
    ],
    rule_labels: { parts: 'Parts not ordered' },
  };
  const failures = [rec({ rule: 'parts', location: 'des-moines' })];
  const open: AlertView = { entry_id: 'a-1', status: 'open', failures, alert: alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'per-location', location: 'des-moines', count: 3, within_minutes: 60, failures: [] }, minutes(2)) };

  function setup() {
    const api = fakeApi({
      'stats:live': () => live,
      'alert:list': () => [open],
      'approval:list': () => [],
      'rules:status': () => hello.rules,
      'log:query': () => ({ total: 0, offset: 0, entries: [] }),
    });
    render(<ManagerViews api={api} hello={hello} />);
    return api;
  }

  it('is the first screen: a tile per location with counts, top failures by label, open alerts and a table for the sparkline', async () => {
    setup();
    expect(await screen.findByRole('heading', { name: 'Customer GPS', level: 2 })).toBeTruthy();
    const dm = await screen.findByRole('listitem', { name: 'Des Moines' });
    const count = (tile: HTMLElement, label: string) => within(tile).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(count(dm, 'Last hour')).toBe('3');
    expect(count(dm, 'Last 24 h')).toBe('7');
    await waitFor(() => expect(count(dm, 'Open alerts')).toBe('1'));
    expect(within(dm).getByText('Parts not ordered')).toBeTruthy();
    expect(within(dm).getByRole('rowheader', { name: 'This hour' }).nextElementSibling?.textContent).toBe('3');
    const sj = screen.getByRole('listitem', { name: 'San Jose' });
    expect(within(sj).getByText('Quiet: nothing in the last 24 hours.')).toBeTruthy();
  });

  it('a recovery logged elsewhere counts on its tile at once, pulses it and is announced', async () => {
    const api = setup();
    const sj = await screen.findByRole('listitem', { name: 'San Jose' });
    api.push('recovery:logged', rec({ location: 'san-jose', rule: 'parts' }));
    await waitFor(() => expect(within(sj).getByText('Last hour', { selector: 'dt' }).nextElementSibling?.textContent).toBe('1'));
    expect(sj.className).toContain('pulse');
    expect(screen.getByRole('status').textContent).toBe('New recovery at San Jose');
    // The server's numbers follow (one refetch).
    await waitFor(() => expect(api.calls.filter((c) => c.event === 'stats:live')).toHaveLength(2), { timeout: 3000 });
  });

  it('keeps the other views one tab away', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Live' }));
    expect(await screen.findByRole('log', { name: 'Live recoveries' })).toBeTruthy();
  });
});
