/**
 * What one viewer may see of an alert. An all-locations alert gathers failures from every
 * location; a manager who oversees only some of them gets those entries, and only a count of
 * the others: not their entries, ids or descriptions (log:entry answers not_found for them too).
 * Such a manager cannot close the alert either: closing records a root cause and a fix for
 * failures they have not seen. Pure: the caller says where each failure happened and what the
 * viewer sees.
 */
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';

export interface AlertSight {
  /** The alert as this viewer receives it: `failures` lists only the ids they may see. */
  alert: EntryOf<'alert'>;
  /** The failure entries they may see, in the alert's order. */
  failures: EntryOf<'recommendation'>[];
  /** Failures at locations they do not oversee. */
  hidden: number;
}

/**
 * `lookup` resolves a failure id to its log entry; `sees` says whether the viewer oversees a
 * location. A failure id that resolves to no recommendation is left out and not counted.
 */
export function sightOf(alert: EntryOf<'alert'>, lookup: (id: string) => LogEntry | undefined, sees: (location: string) => boolean): AlertSight {
  const failures: EntryOf<'recommendation'>[] = [];
  let hidden = 0;
  for (const id of alert.failures) {
    const e = lookup(id);
    if (e === undefined || e.type !== 'recommendation') continue;
    if (sees(e.location)) failures.push(e);
    else hidden++;
  }
  const shown = hidden === 0 ? alert : { ...alert, failures: failures.map((f) => f.id) };
  return { alert: shown, failures, hidden };
}
