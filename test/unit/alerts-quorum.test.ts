import { describe, it, expect } from 'vitest';
import { QuorumTracker, type QuorumFire } from '../../server/alerts/quorum.ts';
import { AlertBook } from '../../server/alerts/alert-book.ts';
import type { AlertDef } from '../../server/rules/schema.ts';
import { rec, alertEntry, closed, minutes } from '../support/console-fixtures.ts';

const allLoc: AlertDef = { id: 'parts-quorum', rule: 'parts', count: 3, within_minutes: 60, scope: 'all-locations' };
const perLoc: AlertDef = { ...allLoc, id: 'parts-local', scope: 'per-location' };

/** Feeds failures; when one fires, logs the alert entry back like the feature does. */
function run(t: QuorumTracker, defs: AlertDef[], failures: { at: number; location?: string; rule?: string }[]) {
  const fired: { fire: QuorumFire; at: number }[] = [];
  for (const f of failures) {
    const r = rec({ rule: f.rule ?? 'parts', location: f.location ?? 'des-moines', at: minutes(f.at) });
    for (const fire of t.observe(r, defs)) {
      fired.push({ fire, at: f.at });
      const { message: _m, ...body } = fire;
      t.observe(alertEntry(body, minutes(f.at)), defs);
    }
  }
  return fired;
}

describe('QuorumTracker', () => {
  it('does not fire for count - 1 failures, fires exactly once at the Nth', () => {
    const t = new QuorumTracker();
    expect(run(t, [allLoc], [{ at: 0 }, { at: 10 }])).toEqual([]);
    const fired = run(t, [allLoc], [{ at: 20 }, { at: 30 }, { at: 40 }]);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.at).toBe(20);
    expect(fired[0]?.fire).toMatchObject({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 3 });
    expect(fired[0]?.fire.failures).toHaveLength(3);
    expect(fired[0]?.fire.location).toBeUndefined();
  });

  it('needs the failures inside the window', () => {
    const t = new QuorumTracker();
    expect(run(t, [allLoc], [{ at: 0 }, { at: 50 }, { at: 110 }, { at: 170 }])).toEqual([]);
    expect(run(t, [allLoc], [{ at: 171 }, { at: 172 }])).toHaveLength(1); // 170, 171, 172
  });

  it('counts a failure exactly within_minutes before as inside the window', () => {
    expect(run(new QuorumTracker(), [allLoc], [{ at: 0 }, { at: 30 }, { at: 60 }])).toHaveLength(1);
  });

  it('ignores other rules', () => {
    const t = new QuorumTracker();
    expect(run(t, [allLoc], [{ at: 0, rule: 'other' }, { at: 1, rule: 'other' }, { at: 2, rule: 'other' }])).toEqual([]);
  });

  it('all-locations counts across locations; per-location counts each one alone', () => {
    const spread = [{ at: 0, location: 'a' }, { at: 1, location: 'b' }, { at: 2, location: 'c' }];
    expect(run(new QuorumTracker(), [allLoc], spread)).toHaveLength(1);
    expect(run(new QuorumTracker(), [perLoc], spread)).toEqual([]);
    const fired = run(new QuorumTracker(), [perLoc], [...spread, { at: 3, location: 'b' }, { at: 4, location: 'b' }]);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.fire.location).toBe('b');
  });

  it('re-arms after a whole window without a quorum', () => {
    const t = new QuorumTracker();
    expect(run(t, [allLoc], [{ at: 0 }, { at: 1 }, { at: 2 }])).toHaveLength(1);
    expect(run(t, [allLoc], [{ at: 30 }, { at: 61 }])).toEqual([]); // still ≥ 3 in the window ending at 61 (2, 30, 61)
    expect(run(t, [allLoc], [{ at: 200 }, { at: 201 }])).toEqual([]); // quiet window: re-armed, counting anew
    expect(run(t, [allLoc], [{ at: 202 }])).toHaveLength(1);
  });

  it('re-arms when the alert is closed, counting fresh failures', () => {
    const t = new QuorumTracker();
    const fired = run(t, [allLoc], [{ at: 0 }, { at: 1 }, { at: 2 }]);
    expect(fired).toHaveLength(1);
    // A later alert entry for the same key owns the state; closing it re-arms.
    const alert = alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 3, within_minutes: 60, failures: [] }, minutes(3));
    t.observe(alert, [allLoc]);
    t.observe(closed(alert, minutes(4)), [allLoc]);
    expect(run(t, [allLoc], [{ at: 5 }, { at: 6 }])).toEqual([]);
    expect(run(t, [allLoc], [{ at: 7 }])).toHaveLength(1);
  });

  it('replays the log without firing, taking fired state from the alert entries', () => {
    const t = new QuorumTracker();
    const recs = [0, 1, 2].map((m) => rec({ rule: 'parts', at: minutes(m) }));
    for (const r of recs) expect(t.observe(r, [allLoc], true)).toEqual([]);
    t.observe(alertEntry({ alert_id: 'parts-quorum', rule_id: 'parts', scope: 'all-locations', count: 3, within_minutes: 60, failures: recs.map((r) => r.id) }, minutes(2)), [allLoc], true);
    expect(run(t, [allLoc], [{ at: 3 }])).toEqual([]); // same incident, not a second alert
  });

  it('lets a fire whose entry could not be written try again', () => {
    const t = new QuorumTracker();
    const fires = [0, 1, 2].flatMap((m) => t.observe(rec({ rule: 'parts', at: minutes(m) }), [allLoc]));
    expect(fires).toHaveLength(1);
    t.abandon(fires[0]!);
    expect(t.observe(rec({ rule: 'parts', at: minutes(3) }), [allLoc])).toHaveLength(1);
  });
});

describe('AlertBook', () => {
  it('lists open before closed, with their failures', () => {
    const f = [rec({ rule: 'parts' }), rec({ rule: 'parts' })];
    const a1 = alertEntry({ alert_id: 'x', rule_id: 'parts', scope: 'all-locations', count: 2, within_minutes: 60, failures: f.map((e) => e.id) }, minutes(1));
    const a2 = alertEntry({ alert_id: 'y', rule_id: 'parts', scope: 'per-location', location: 'b', count: 2, within_minutes: 60, failures: [] }, minutes(2));
    const c1 = closed(a1, minutes(3));
    const book = new AlertBook();
    const all = [...f, a1, a2, c1];
    for (const e of all) book.add(e);
    const views = book.views((id) => all.find((e) => e.id === id));
    expect(views.map((v) => [v.alert.alert_id, v.status])).toEqual([['y', 'open'], ['x', 'closed']]);
    expect(views[1]?.failures.map((e) => e.id)).toEqual(f.map((e) => e.id));
    expect(views[1]?.closed?.root_cause).toBe('supplier');
  });
});
