/**
 * Exports for auditors, with the same filters as a query. CSV: one row per recommendation
 * with how it ended (the gesture given and its value beside the one recommended, approval,
 * latest outcome, reaction, corrections). JSON: an array of full entries,
 * every type. Both stream through `write` so a 1M-entry export never sits in memory whole.
 */
import type { LogQuery } from '../contract/events.ts';
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';
import type { RecoveryLogStore } from './store.ts';
import { csvRow } from './csv.ts';
import { replay } from '../contract/recovery-state.ts';

export const CSV_COLUMNS = [
  'at',
  'id',
  'location',
  'staff',
  'description',
  'rule',
  'recommended_gesture',
  'recommended_value',
  'gesture',
  'value',
  'needs_approval',
  'approval',
  'outcome',
  'reaction',
  'corrections',
  'rules_version',
  'hash',
] as const;

export type ExportFormat = 'csv' | 'json';

/**
 * How a recommendation ended, from its related entries (oldest first): the gesture finally
 * given with its own value, approval and need for it (of that gesture), beside what was first
 * recommended. Outcome is the last one decided ('none' before any).
 */
export function settleRow(rec: EntryOf<'recommendation'>, related: LogEntry[]): string[] {
  const s = replay(rec, related);
  const decided = related.some((e) => e.type === 'decision' && e.ref === rec.id);
  const outcome = !decided ? 'none' : s.phase === 'recommended' ? 'swapped' : s.phase;
  // 'rejected' as before for a manager's no; 'pending' while waiting.
  const approval = s.approval === 'declined' ? 'rejected' : s.approval;
  return [
    rec.at,
    rec.id,
    rec.location,
    rec.actor?.name ?? '',
    rec.description,
    rec.rule_id ?? 'fallback',
    rec.gesture?.id ?? '',
    String(rec.value),
    s.gesture,
    String(s.value),
    String(s.needs),
    approval,
    outcome,
    s.reaction ?? '',
    String(s.corrections),
    rec.rules_version,
    rec.hash,
  ];
}

/** Streams the export; returns how many rows (CSV) or entries (JSON) were written. */
export function writeExport(
  store: RecoveryLogStore,
  format: ExportFormat,
  q: LogQuery,
  write: (chunk: string) => void,
  onProgress?: (n: number) => void,
): number {
  let n = 0;
  const tick = () => {
    n++;
    if (onProgress && n % 100_000 === 0) onProgress(n);
  };
  if (format === 'csv') {
    write(csvRow(CSV_COLUMNS));
    for (const e of store.select({ ...q, type: 'recommendation' })) {
      if (e.type !== 'recommendation') continue;
      write(csvRow(settleRow(e, store.related(e.id))));
      tick();
    }
    return n;
  }
  write('[');
  for (const e of store.select(q)) {
    write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(e)}`);
    tick();
  }
  write(n === 0 ? ']\n' : '\n]\n');
  return n;
}

/** The whole export as one string (for the socket event; the CLI streams instead). */
export function exportLog(store: RecoveryLogStore, format: ExportFormat, q: LogQuery = {}): string {
  const parts: string[] = [];
  writeExport(store, format, q, (c) => parts.push(c));
  return parts.join('');
}
