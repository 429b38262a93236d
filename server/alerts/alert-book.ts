/**
 * Open and closed alerts with their failures, kept up to date from the log in order.
 * Pure bookkeeping; the feature feeds it entries and asks for views.
 */
import type { AlertView } from '../contract/events.ts';
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';

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

  /** Newest first; open before closed. `lookup` resolves failure ids to their entries. */
  views(lookup: (id: string) => LogEntry | undefined, visible: (a: EntryOf<'alert'>) => boolean = () => true): AlertView[] {
    const out: AlertView[] = [];
    for (const { alert, closed } of this.alerts.values()) {
      if (!visible(alert)) continue;
      const failures = alert.failures
        .map(lookup)
        .filter((e): e is EntryOf<'recommendation'> => e !== undefined && e.type === 'recommendation');
      out.push({ entry_id: alert.id, alert, status: closed ? 'closed' : 'open', ...(closed ? { closed } : {}), failures });
    }
    return out.sort((a, b) => (a.status === b.status ? b.alert.seq - a.alert.seq : a.status === 'open' ? -1 : 1));
  }
}
