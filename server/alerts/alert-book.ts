/**
 * Open and closed alerts with their failures, kept up to date from the log in order.
 * Pure bookkeeping; the feature feeds it entries and asks for views.
 */
import type { AlertView } from '../contract/events.ts';
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';
import { sightOf } from './alert-visibility.ts';

/** Who is looking: which alerts and failure locations they may see, and whether they may close alerts. */
export interface AlertViewer {
  seesAlert(alert: EntryOf<'alert'>): boolean;
  seesLocation(location: string): boolean;
  mayClose: boolean;
}

const EVERYTHING: AlertViewer = { seesAlert: () => true, seesLocation: () => true, mayClose: true };

export class AlertBook {
  private readonly alerts = new Map<string, { alert: EntryOf<'alert'>; closed?: EntryOf<'alert_closed'> }>();

  add(entry: LogEntry): void {
    if (entry.type === 'alert') this.alerts.set(entry.id, { alert: entry });
    if (entry.type === 'alert_closed') {
      const a = this.alerts.get(entry.ref);
      // The first close wins; the feature refuses a second, so a later one would be a forged line.
      if (a && !a.closed) a.closed = entry;
    }
  }

  get(id: string): { alert: EntryOf<'alert'>; closed?: EntryOf<'alert_closed'> } | undefined {
    return this.alerts.get(id);
  }

  /**
   * Newest first; open before closed. `lookup` resolves failure ids to their entries; `viewer`
   * says which alerts and failure locations the asker may see (alert-visibility.ts) and whether
   * their role may close alerts at all.
   */
  views(lookup: (id: string) => LogEntry | undefined, viewer: AlertViewer = EVERYTHING): AlertView[] {
    const out: AlertView[] = [];
    for (const { alert, closed } of this.alerts.values()) {
      if (!viewer.seesAlert(alert)) continue;
      const sight = sightOf(alert, lookup, viewer.seesLocation);
      out.push({
        entry_id: alert.id,
        alert: sight.alert,
        status: closed ? 'closed' : 'open',
        ...(closed ? { closed } : {}),
        failures: sight.failures,
        hidden_failures: sight.hidden,
        can_close: viewer.mayClose && !closed && sight.hidden === 0,
      });
    }
    return out.sort((a, b) => (a.status === b.status ? b.alert.seq - a.alert.seq : a.status === 'open' ? -1 : 1));
  }
}
