import { describe, expect, it } from 'vitest';
import { QuorumTracker } from '../../server/alerts/quorum.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import type { AlertDef } from '../../server/rules/schema.ts';
import { quorumMaker, type QuorumAlert } from '../../test/bench/entry-fixtures.ts';
import { idOf } from '../../test/bench/fixture-fill.ts';

const alert: QuorumAlert = { id: 'parts-supplier', rule: 'parts-not-ordered', count: 3, within_minutes: 60, scope: 'all-locations', message: 'Check the parts ordering system.' };
const def = alert as AlertDef;

/** The first n fixture entries as the log holds them (times one second apart, ending at `end`). */
function fixture(n: number, end: number): LogEntry[] {
  const make = quorumMaker(1_000, alert, idOf);
  return Array.from({ length: n }, (_, i) => {
    const seq = i + 1;
    return { ...make(seq), id: idOf(seq), seq, at: new Date(end - (n - seq) * 1_000).toISOString(), prev: '' } as unknown as LogEntry;
  });
}

describe('the alert-window bench fixture (quorum_p50_ratio, restart_s_quorum_100k)', () => {
  it('is failures of the alert rule, with the alert entry after the first `count` of them', () => {
    const entries = fixture(2_000, Date.now());
    const kinds = entries.map((e) => (e.type === 'recommendation' ? e.rule_id : e.type));
    expect(kinds.filter((k) => k === 'parts-not-ordered')).toHaveLength(1_999);
    expect(entries[alert.count]).toMatchObject({ type: 'alert', alert_id: 'parts-supplier', failures: [idOf(1), idOf(2), idOf(3)] });
  });

  it('replays into an open incident: live failures in the same window fire nothing new', () => {
    const end = Date.now();
    const t = new QuorumTracker();
    for (const e of fixture(2_000, end)) expect(t.observe(e, [def], true)).toEqual([]);
    const live = { ...fixture(1, end)[0]!, id: 'live-1', seq: 2_001, at: new Date(end + 60_000).toISOString() } as LogEntry;
    expect(t.observe(live, [def])).toEqual([]);
  });

  it('would fire on the first live failure without its alert entry (why the fixture has one)', () => {
    const end = Date.now();
    const t = new QuorumTracker();
    for (const e of fixture(2_000, end)) if (e.type !== 'alert') t.observe(e, [def], true);
    const live = { ...fixture(1, end)[0]!, id: 'live-1', seq: 2_001, at: new Date(end + 60_000).toISOString() } as LogEntry;
    expect(t.observe(live, [def])).toHaveLength(1);
  });
});
