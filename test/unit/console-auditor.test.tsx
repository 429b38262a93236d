// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within, waitFor } from '@testing-library/preact';
import { AuditorViews } from '../../widget/console/components/auditor-views.tsx';
import type { LogEntry, LogQuery } from '../../server/contract/index.ts';
import { fakeApi } from '../support/fake-console-api.ts';
import { rec, decision } from '../support/console-fixtures.ts';
import { trail } from '../../server/contract/recovery-state.ts';
import { currency } from '../../widget/console/format.ts';

afterEach(cleanup);

const evil = rec({ description: '<img src=x onerror="alert(1)"> car <b>late</b>', location: 'san-jose', staff: 'ana' });
const plain = rec({ description: 'no parts', location: 'des-moines', staff: 'bo', gesture: 'refund', value: 30 });
const dec = decision(plain, 'accepted', { reaction: 'delighted' });
const fix = { ...decision(plain, 'declined'), correction: { reason: 'tapped the wrong button' } };

function setup(total = 2) {
  const api = fakeApi({
    'log:query': (q: LogQuery) => ({ total, offset: q.offset ?? 0, entries: [evil, plain] as LogEntry[], outcomes: { [evil.id]: 'none', [plain.id]: 'accepted' }, given: { [plain.id]: { id: 'spa', label: 'Spa credit', value: 40 } }, states: { [evil.id]: { approval: 'pending' }, [plain.id]: { approval: 'approved', reaction: 'delighted' } } }),
    'log:entry': ({ id }) => (id === plain.id ? { entry: plain, related: [dec, fix], trail: trail(plain, [dec, fix]) } : { ok: false, error: { code: 'not_found', message: `no entry ${id}` } }),
    'log:export': (q) => ({ filename: `makegood-log.${q.format}`, content: 'time,location\n' }),
    'stats:totals': () => ({
      count: 2,
      value: 35,
      recommended_value: 13,
      acceptance_rate: 1,
      accepted: 1,
      decided: 1,
      given: { count: 1, value: 30 },
      not_given: { count: 1, value: 5 },
      by_gesture: [{ key: 'refund', count: 1, value: 30, accepted: 1, decided: 1, given_value: 30 }, { key: 'coffee', count: 1, value: 5, accepted: 0, decided: 0, given_value: 0 }],
      by_location: [{ key: 'des-moines', count: 1, value: 30, accepted: 1, decided: 1, given_value: 30 }],
      by_rule: [{ key: 'late-car', count: 2, value: 35, accepted: 1, decided: 1, given_value: 30 }],
      by_week: [{ key: '2026-11-16', count: 2, value: 35, accepted: 1, decided: 1, given_value: 30 }],
      labels: { gesture: { refund: 'Refund of the fee' }, rule: { 'late-car': 'Car not ready on time' } },
      currency: 'USD',
    }),
    'log:chain': () => ({ ok: true, verified_count: 12, verified_at: '2026-11-18T10:00:00.000Z', head_hash: 'ab'.repeat(32), checkpoint: { count: 12, hash: 'ab'.repeat(32), at: '2026-11-18T10:00:01.000Z' } }),
  });
  render(<AuditorViews api={api} />);
  return api;
}

const queries = (api: ReturnType<typeof setup>, event = 'log:query') => api.calls.filter((c) => c.event === event).map((c) => c.payload);

describe('auditor log', () => {
  it('shows the table with descriptions as text, never as markup', async () => {
    setup();
    const table = await screen.findByRole('table');
    expect(within(table).getByText('<img src=x onerror="alert(1)"> car <b>late</b>')).toBeTruthy();
    expect(table.querySelector('img')).toBeNull();
    expect(table.querySelector('b')).toBeNull();
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Time', 'Location', 'Staff', 'Description', 'Rule', 'Gesture', 'Value', 'Outcome', 'Approval', 'Reaction', 'Gesture given']);
    expect(within(table).getByText('accepted')).toBeTruthy();
    expect(within(table).getByText('not decided')).toBeTruthy();
    // A recovery that ended on another gesture: the one recommended and its value, then the one given and its value.
    const swapped = within(table).getByText('no parts').closest('tr')!;
    const cells = within(swapped).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(5)).toEqual(['refund', currency(30, 'USD'), 'accepted', 'approved', 'delighted', `Spa credit, ${currency(40, 'USD')}`]);
    const waiting = within(table).getByText(evil.description).closest('tr')!;
    expect(within(waiting).getAllByRole('cell').map((c) => c.textContent).slice(7)).toEqual(['not decided', 'waiting for a manager', '—', 'none (on the table: coffee)']);
  });

  it('sorts the page by a column from its header button (a native button: Enter and Space too), saying so with aria-sort', async () => {
    setup();
    const table = await screen.findByRole('table');
    const descriptions = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[3]!.textContent);
    expect(descriptions()).toEqual([evil.description, 'no parts']);
    const staff = within(table).getByRole('button', { name: /^Staff/ });
    const header = staff.closest('th')!;
    expect(header.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(staff);
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(descriptions()).toEqual([evil.description, 'no parts']); // ana before bo
    // A native button: Enter/Space activate it; a second activation reverses the order.
    staff.focus();
    fireEvent.click(staff);
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(descriptions()).toEqual(['no parts', evil.description]);
    expect(staff.tagName).toBe('BUTTON');
    const value = within(table).getByRole('button', { name: /^Value/ });
    fireEvent.click(value);
    expect(value.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    expect(header.getAttribute('aria-sort')).toBe('none');
    expect(descriptions()).toEqual([evil.description, 'no parts']); // 5 before 30
    expect(table.querySelector('caption')!.textContent).toBe('Recovery log entries on this page, sorted by Value ascending');
  });

  it('jumps to a page typed in, refusing what is not a page', async () => {
    const api = setup(120);
    const input = await screen.findByLabelText('Go to page');
    for (const bad of ['0', '4', 'two', '1.5', '']) {
      fireEvent.input(input, { target: { value: bad } });
      fireEvent.click(screen.getByRole('button', { name: 'Go' }));
      expect(screen.getByRole('alert').textContent).toMatch(/pages? .*1 to 3/);
      expect(input.getAttribute('aria-invalid')).toBe('true');
    }
    expect(queries(api).every((q) => (q as LogQuery).offset === 0)).toBe(true);
    fireEvent.input(input, { target: { value: ' 3 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    await waitFor(() => expect(queries(api).at(-1)).toMatchObject({ offset: 100, limit: 50 }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Page 3 of 3')).toBeTruthy();
  });

  it('sends the filters to the server and starts again at the first page', async () => {
    const api = setup(120);
    fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(queries(api).at(-1)).toMatchObject({ offset: 50, limit: 50 }));
    fireEvent.input(screen.getByLabelText('Location'), { target: { value: ' des-moines ' } });
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'accepted' } });
    fireEvent.input(screen.getByLabelText('Search text'), { target: { value: 'parts' } });
    fireEvent.input(screen.getByLabelText('From date'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(queries(api).at(-1)).toEqual({ type: 'recommendation', location: 'des-moines', outcome: 'accepted', text: 'parts', since: '2026-11-01', offset: 0, limit: 50 }),
    );
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
  });

  it('opens on recoveries and can show every entry type', async () => {
    const api = setup();
    await screen.findByRole('table');
    expect(queries(api)[0]).toEqual({ type: 'recommendation', offset: 0, limit: 50 });
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(queries(api).at(-1)).toEqual({ offset: 0, limit: 50 }));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(queries(api).at(-1)).toEqual({ type: 'recommendation', offset: 0, limit: 50 }));
  });

  it('exports exactly the filtered set', async () => {
    const api = setup();
    fireEvent.input(await screen.findByLabelText('Staff'), { target: { value: 'bo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Exported makegood-log.csv')).toBeTruthy();
    expect(queries(api, 'log:export')).toEqual([{ type: 'recommendation', staff: 'bo', format: 'csv' }]);
  });

  it('opens an entry with its explanation, rules version, trail and place in the chain', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: new RegExp(`Open entry ${plain.seq} `) }));
    const heading = await screen.findByRole('heading', { name: `Entry #${plain.seq}` });
    // Keyboard and screen-reader users land on what opened.
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText('r-test')).toBeTruthy();
    expect(screen.getByText(plain.hash)).toBeTruthy();
    const steps = within(screen.getByRole('list', { name: 'Recovery trail' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(steps).toHaveLength(3);
    expect(steps[1]).toContain('bo: accepted — refund (30)');
    expect(steps[2]).toContain('bo: correction: declined — refund (30); reason: tapped the wrong button');
    fireEvent.click(screen.getByRole('button', { name: 'Back to the log' }));
    expect(await screen.findByRole('table')).toBeTruthy();
  });
});

describe('auditor totals and chain', () => {
  it('totals the current filters with bars and numbers as text', async () => {
    const api = setup();
    fireEvent.input(await screen.findByLabelText('Rule'), { target: { value: 'late-car' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    fireEvent.click(screen.getByRole('button', { name: 'Totals' }));
    expect(await screen.findByText('Acceptance', { selector: 'dt' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Totals'));
    expect(document.activeElement?.tagName).toBe('H2');
    expect(queries(api, 'stats:totals')).toEqual([{ type: 'recommendation', rule: 'late-car' }]);
    // Given apart from recommended-but-not-given; acceptance with its denominator; currency.
    expect(screen.getByText('Value actually given', { selector: 'dt' }).nextElementSibling?.textContent).toBe('$30.00');
    expect(screen.getByText('Recommended, not given', { selector: 'dt' }).nextElementSibling?.textContent).toBe('$5.00');
    expect(screen.getByText('Acceptance', { selector: 'dt' }).nextElementSibling?.textContent).toBe('1 of 1 decided (100%)');
    // Labels, not ids, in the charts and their tables; an id the rules file lacks stays an id.
    const byGesture = screen.getByText('By gesture: value given').closest('figure')!;
    expect(within(byGesture).getByText('Refund of the fee')).toBeTruthy();
    expect(within(byGesture).getByText('coffee')).toBeTruthy();
    expect(within(byGesture).getByText('$30.00 · 1 of 1 decided (100%)')).toBeTruthy();
    const byRule = screen.getByRole('table', { name: 'By rule' });
    expect(within(byRule).getByRole('rowheader', { name: 'Car not ready on time' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'By location' })).getByRole('rowheader', { name: 'Des Moines' })).toBeTruthy();
    expect(screen.getAllByText('Week of 2026-11-16')).toHaveLength(2); // the bar and its table row
  });

  it('says how far the chain is verified and offers the checkpoint', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Chain' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Verified up to entry 12 at 2026-11-18 10:00:00 UTC/);
    const box = screen.getByLabelText(/Latest checkpoint/) as HTMLTextAreaElement;
    expect(JSON.parse(box.value)).toEqual({ count: 12, hash: 'ab'.repeat(32), at: '2026-11-18T10:00:01.000Z' });
  });
});
