import { describe, expect, it } from 'vitest';
import { sightOf } from '../../server/alerts/alert-visibility.ts';
import type { EntryOf, LogEntry } from '../../server/contract/log-entry.ts';

const rec = (id: string, location: string) => ({ type: 'recommendation', id, location, description: `failure ${id}` }) as unknown as EntryOf<'recommendation'>;
const entries = new Map<string, LogEntry>(
  [rec('e1', 'des-moines'), rec('e2', 'san-jose'), rec('e3', 'des-moines'), rec('e4', 'austin')].map((e) => [e.id, e as LogEntry]),
);
const alert = { type: 'alert', id: 'a1', alert_id: 'parts', scope: 'all-locations', count: 4, within_minutes: 60, failures: ['e1', 'e2', 'e3', 'e4'] } as unknown as EntryOf<'alert'>;
const lookup = (id: string) => entries.get(id);

describe('sightOf()', () => {
  it('keeps the failures at overseen locations and counts the rest', () => {
    const s = sightOf(alert, lookup, (l) => l === 'des-moines');
    expect(s.failures.map((f) => f.id)).toEqual(['e1', 'e3']);
    expect(s.alert.failures).toEqual(['e1', 'e3']);
    expect(s.hidden).toBe(2);
    expect(alert.failures).toEqual(['e1', 'e2', 'e3', 'e4']); // the entry itself is not touched
  });

  it('hands back the alert itself when everything is visible', () => {
    const s = sightOf(alert, lookup, () => true);
    expect(s.alert).toBe(alert);
    expect(s.hidden).toBe(0);
  });

  it('a viewer who oversees none of them sees no failure, only the count', () => {
    const s = sightOf(alert, lookup, () => false);
    expect(s).toMatchObject({ failures: [], hidden: 4, alert: { failures: [] } });
  });

  it('leaves out ids that are not recommendations, without counting them', () => {
    const s = sightOf({ ...alert, failures: ['e1', 'missing'] }, lookup, () => false);
    expect(s.hidden).toBe(1);
  });
});
