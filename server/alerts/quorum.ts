/**
 * Strike-team quorum: "3 parts-not-ordered failures within 60 minutes" fires one alert.
 * Pure and synchronous: feed it log entries in order, it says when to fire. Time is the
 * entries' own `at`, so replaying the log on start gives the same state as running live.
 *
 * What counts: every recommendation entry whose rule is the alert's rule is one failure.
 * Scope: 'per-location' keeps one window per location; 'all-locations' one for everything.
 *
 * The window and re-arming (one state per alert id and scope key):
 * - armed: each failure is added to the window and failures older than `within_minutes`
 *   before it drop out; when the window holds `count` failures the alert fires with them,
 *   and the state becomes fired.
 * - fired: further failures still slide through the window but fire nothing — they are the
 *   same incident. The state re-arms when
 *     (a) the alert is closed (root cause + fix recorded): the window is emptied, so a new
 *         alert needs `count` fresh failures; or
 *     (b) a failure arrives and the window ending at it holds fewer than `count` failures,
 *         i.e. a whole window passed without a quorum: the incident is over. That failure
 *         starts the new count.
 * An alert entry read back from the log (replay) puts its key in the fired state.
 */
import type { AlertDef } from '../rules/schema.ts';
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';

export type AlertScope = AlertDef['scope'];

/** What to append as the 'alert' log entry when a quorum is reached. */
export interface QuorumFire {
  alert_id: string;
  rule_id: string;
  scope: AlertScope;
  location?: string;
  count: number;
  within_minutes: number;
  /** Ids of the failures in the window, oldest first. */
  failures: string[];
  message?: string;
}

interface Failure {
  id: string;
  t: number;
}

interface KeyState {
  window: Failure[];
  /** Id of the open alert entry, '' while the entry is being written, null when armed. */
  firedBy: string | null;
}

const keyOf = (alertId: string, scope: AlertScope, location: string): string =>
  scope === 'all-locations' ? `${alertId}\u0000*` : `${alertId}\u0000${location}`;

export class QuorumTracker {
  private readonly states = new Map<string, KeyState>();
  /** alert entry id → state key, for closing. */
  private readonly openAlerts = new Map<string, string>();

  private state(key: string): KeyState {
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { window: [], firedBy: null }));
    return s;
  }

  /**
   * Feeds one entry. Returns the alerts to fire (usually none). With `replay` true nothing
   * fires: the log's own alert entries say what fired.
   */
  observe(entry: LogEntry, defs: readonly AlertDef[], replay = false): QuorumFire[] {
    if (entry.type === 'alert') {
      const key = keyOf(entry.alert_id, entry.scope, entry.location ?? '');
      this.state(key).firedBy = entry.id;
      this.openAlerts.set(entry.id, key);
      return [];
    }
    if (entry.type === 'alert_closed') {
      this.close(entry.ref);
      return [];
    }
    if (entry.type !== 'recommendation' || entry.rule_id === null) return [];
    const fires: QuorumFire[] = [];
    for (const def of defs) {
      if (def.rule !== entry.rule_id) continue;
      const fire = this.failure(def, entry, replay);
      if (fire) fires.push(fire);
    }
    return fires;
  }

  private failure(def: AlertDef, rec: EntryOf<'recommendation'>, replay: boolean): QuorumFire | null {
    const s = this.state(keyOf(def.id, def.scope, rec.location));
    const t = Date.parse(rec.at);
    const from = t - def.within_minutes * 60_000;
    s.window = s.window.filter((f) => f.t >= from); // a failure exactly within_minutes ago still counts
    s.window.push({ id: rec.id, t });
    if (s.firedBy !== null) {
      if (s.window.length >= def.count) return null; // same incident
      s.firedBy = null; // a full window passed without a quorum: re-armed, this failure counts
    }
    if (s.window.length < def.count || replay) return null;
    s.firedBy = '';
    return {
      alert_id: def.id,
      rule_id: def.rule,
      scope: def.scope,
      ...(def.scope === 'per-location' ? { location: rec.location } : {}),
      count: def.count,
      within_minutes: def.within_minutes,
      failures: s.window.map((f) => f.id),
      ...(def.message ? { message: def.message } : {}),
    };
  }

  /** Called once the alert entry is in the log (observe() of that entry does the same). */
  fired(entry: EntryOf<'alert'>): void {
    this.observe(entry, []);
  }

  /** Re-arms after a manager closed the alert: the next alert needs `count` fresh failures. */
  close(alertEntryId: string): void {
    const key = this.openAlerts.get(alertEntryId);
    if (key === undefined) return;
    this.openAlerts.delete(alertEntryId);
    const s = this.state(key);
    if (s.firedBy === alertEntryId) {
      s.firedBy = null;
      s.window = [];
    }
  }

  /** Undo a fire whose alert entry could not be written, so the next failure can try again. */
  abandon(fire: QuorumFire): void {
    const s = this.states.get(keyOf(fire.alert_id, fire.scope, fire.location ?? ''));
    if (s && s.firedBy === '') s.firedBy = null;
  }
}
