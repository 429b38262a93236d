// @vitest-environment happy-dom
/** The manager's Suggestions view: what corrections say to change, by role and label. */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleSuggestions } from '../../server/contract/index.ts';
import { ManagerViews } from '../../widget/console/components/manager-views.tsx';
import { SuggestionsView } from '../../widget/console/components/suggestions-view.tsx';
import { fakeApi } from '../support/fake-console-api.ts';

afterEach(cleanup);

const SUGGESTIONS: RuleSuggestions = {
  corrections: 5,
  rules_version: 'r-1',
  suggestions: [
    { n: 1, kind: 'add-words', rule_id: 'noise', phrase: 'blaring', corrections: 4, locations: 3, summary: "'blaring' → noise, 4 corrections, 3 locations", examples: ['tv next door blaring till 2am'], edit: { op: 'add-mention', rule_id: 'noise', phrase: 'blaring' } },
    { n: 2, kind: 'corrected-away', rule_id: 'broken-fixture', to_rule: 'noise', corrections: 3, locations: 2, blamed: 'tv', summary: "broken-fixture corrected to noise: 3 corrections, 2 locations; its word 'tv' matched", examples: ['guests in 210 blasting their tv'], edit: { op: 'remove-mention', rule_id: 'broken-fixture', phrase: 'tv' } },
  ],
};

describe('SuggestionsView', () => {
  it('lists each kind of suggestion with what applying it changes and the command that applies it', async () => {
    const api = fakeApi({ 'rules:suggest': () => SUGGESTIONS });
    render(<SuggestionsView api={api} version="r-1" />);
    const words = await screen.findByRole('region', { name: 'Words corrections keep adding' });
    const item = within(words).getByRole('listitem', { name: "Suggestion 1: 'blaring' → noise, 4 corrections, 3 locations" });
    expect(item.textContent).toContain('“tv next door blaring till 2am”');
    expect(item.textContent).toContain('Applying adds “blaring” to the words of noise.');
    expect(within(item).getByText('makegood rules suggest --apply 1')).toBeTruthy();
    const away = screen.getByRole('region', { name: 'Rules staff keep correcting away from' });
    expect(within(away).getByRole('listitem', { name: /^Suggestion 2: broken-fixture corrected to noise/ }).textContent).toContain('removes “tv” from the words of broken-fixture');
    expect(within(screen.getByRole('region', { name: 'Corrections the rules now send elsewhere' })).getByText('Every correction still goes to the rule staff chose.')).toBeTruthy();
    expect(screen.getByText(/5 corrections at the locations you oversee/)).toBeTruthy();
  });

  it('asks again when the rules file reloads (a new version) and on Refresh', async () => {
    const api = fakeApi({ 'rules:suggest': () => SUGGESTIONS });
    const { rerender } = render(<SuggestionsView api={api} version="r-1" />);
    await screen.findByRole('region', { name: 'Words corrections keep adding' });
    rerender(<SuggestionsView api={api} version="r-2" />);
    await waitFor(() => expect(api.calls.filter((c) => c.event === 'rules:suggest')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.calls.filter((c) => c.event === 'rules:suggest')).toHaveLength(3));
  });

  it('says why when the server refuses', async () => {
    const api = fakeApi({ 'rules:suggest': () => ({ ok: false, error: { code: 'unavailable', message: 'No answer from the server.' } }) });
    render(<SuggestionsView api={api} version="r-1" />);
    expect((await screen.findByRole('alert')).textContent).toBe('No answer from the server.');
  });

  it('is a tab of the manager console', async () => {
    const rules = { version: 'r-1', loaded_at: '2026-11-18T10:00:00.000Z', file: 'rules/gestures.yaml', errors: [] };
    const api = fakeApi({
      'rules:suggest': () => SUGGESTIONS,
      'rules:status': () => rules,
      'approval:list': () => [],
      'log:query': () => ({ total: 0, offset: 0, entries: [] }),
      'stats:live': () => ({ last_hour: {}, last_day: {} }),
    });
    render(<ManagerViews api={api} hello={{ principal: { token_id: 't-m', role: 'manager', name: 'Mia', locations: ['*'] }, rules }} />);
    const nav = screen.getByRole('navigation', { name: 'Manager views' });
    fireEvent.click(within(nav).getByRole('button', { name: 'Suggestions' }));
    expect(await screen.findByRole('heading', { name: 'Suggestions from staff corrections' })).toBeTruthy();
  });
});
