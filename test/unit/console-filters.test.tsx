// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/preact';
import { LogFilters, type Filters } from '../../widget/console/components/log-filters.tsx';
import { resolveName, choicesFor } from '../../widget/console/filter-names.ts';
import type { FilterSuggestions } from '../../server/contract/index.ts';

afterEach(cleanup);

const suggestions: FilterSuggestions = {
  locations: ['des-moines', 'denver', 'san-jose'],
  staff: ['ana', 'bo'],
  rules: [{ id: 'parts-not-ordered', label: 'Parts not ordered' }, { id: 'fallback', label: 'No rule matched (fallback)' }],
  gestures: [{ id: 'loaner', label: 'Complimentary loaner car' }, { id: 'coffee', label: 'Coffee on us' }],
};

describe('resolveName()', () => {
  const places = choicesFor('location', suggestions);
  it('takes an id, a display name, a unique start or a unique part', () => {
    expect(resolveName('Location', 'des-moines', places)).toEqual({ ok: true, id: 'des-moines' });
    expect(resolveName('Location', 'Des Moines', places)).toEqual({ ok: true, id: 'des-moines' });
    expect(resolveName('Location', 'des', places)).toEqual({ ok: true, id: 'des-moines' });
    expect(resolveName('Location', 'jose', places)).toEqual({ ok: true, id: 'san-jose' });
    expect(resolveName('Gesture', 'complimentary LOANER car', choicesFor('gesture', suggestions))).toEqual({ ok: true, id: 'loaner' });
  });
  it('says so in words when the text is ambiguous or matches nothing', () => {
    expect(resolveName('Location', 'de', places)).toEqual({ ok: false, message: 'Location: “de” matches Des Moines, Denver; type more of the name.' });
    expect(resolveName('Location', 'Boise', places)).toEqual({ ok: false, message: 'Location: nothing in the log matches “Boise”.' });
  });
});

describe('log filters', () => {
  function setup() {
    const applied: Filters[] = [];
    render(<LogFilters value={{ type: 'recommendation' }} onApply={(f) => applied.push(f)} suggestions={suggestions} />);
    return applied;
  }

  it('offers the log’s values by name and applies their ids', () => {
    const applied = setup();
    const loc = screen.getByLabelText('Location') as HTMLInputElement;
    const list = document.getElementById(loc.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(['Des Moines', 'Denver', 'San Jose']);
    fireEvent.input(loc, { target: { value: 'Des Moines' } });
    fireEvent.input(screen.getByLabelText('Gesture'), { target: { value: 'Complimentary loaner car' } });
    fireEvent.input(screen.getByLabelText('Rule'), { target: { value: 'parts' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(applied).toEqual([{ type: 'recommendation', location: 'des-moines', gesture: 'loaner', rule: 'parts-not-ordered' }]);
  });

  it('refuses a From date after the To date and an unknown name, with messages, and applies nothing', () => {
    const applied = setup();
    fireEvent.input(screen.getByLabelText('From date'), { target: { value: '2026-11-20' } });
    fireEvent.input(screen.getByLabelText('To date'), { target: { value: '2026-11-10' } });
    fireEvent.input(screen.getByLabelText('Location'), { target: { value: 'Boise' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByRole('alert').textContent).toBe('From date 2026-11-20 is after To date 2026-11-10: swap them or clear one.Location: nothing in the log matches “Boise”.');
    expect(applied).toEqual([]);
  });
});
