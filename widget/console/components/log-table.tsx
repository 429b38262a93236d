/**
 * The log as a table. Presentational. Every text cell is rendered as text (Preact escapes it),
 * so a description holding markup shows the markup, never runs it.
 */
import type { LogEntry, LogPage, Outcome } from '../../../server/contract/index.ts';
import { money, ruleName, time } from '../format.ts';
import { DataTable } from './data-table.tsx';

export interface LogTableProps {
  entries: LogEntry[];
  /** Latest outcome per recommendation id, when known. */
  outcomes: Record<string, Outcome | 'none'>;
  /** The gesture finally given, for recommendations that ended on another one than recommended. */
  given?: LogPage['given'];
  onOpen: (id: string) => void;
}

function row(e: LogEntry, outcomes: LogTableProps['outcomes'], given: LogTableProps['given'] = {}) {
  switch (e.type) {
    case 'recommendation': {
      const o = outcomes[e.id];
      // The gesture given, with the one first recommended beside it when they differ.
      const g = given[e.id];
      const gesture = g ? `${g.label} (recommended: ${e.gesture.label}, ${money(e.value)})` : e.gesture.label;
      return { staff: e.actor.name, location: e.location, description: e.description, rule: ruleName(e.rule_id), gesture, value: money(g ? g.value : e.value), outcome: o === undefined ? '—' : o === 'none' ? 'not decided' : o };
    }
    case 'decision': {
      const what = `${e.outcome}${e.needs_approval ? ', approval requested' : ''}${e.correction ? ` (correction: ${e.correction.reason})` : ''}`;
      return { staff: e.actor.name, location: e.location, description: `Decision: ${what}${e.note ? ` — ${e.note}` : ''}`, rule: '', gesture: e.gesture_id, value: e.value !== undefined ? money(e.value) : '', outcome: e.outcome };
    }
    case 'approval':
      return { staff: e.actor.name, location: e.location, description: `${e.approved ? 'Approved' : 'Declined'} by manager${e.note ? ` — ${e.note}` : ''}`, rule: '', gesture: e.gesture_id ?? '', value: e.value !== undefined ? money(e.value) : '', outcome: '' };
    case 'alert':
      return { staff: 'system', location: e.location ?? 'all locations', description: `Alert ${e.alert_id}: ${e.count} failures within ${e.within_minutes} min`, rule: e.rule_id, gesture: '', value: '', outcome: '' };
    case 'alert_closed':
      return { staff: e.actor.name, location: '', description: `Alert closed — root cause: ${e.root_cause}; fix: ${e.fix}`, rule: '', gesture: '', value: '', outcome: '' };
    case 'correction':
      return { staff: e.actor.name, location: e.location, description: `Rule corrected: ${ruleName(e.from_rule)} → ${ruleName(e.rule_id)} — ${e.description}`, rule: ruleName(e.rule_id), gesture: e.gesture.label, value: money(e.value), outcome: '' };
    case 'loss':
      return { staff: e.actor.name, location: '', description: `Loss recorded: ${e.lost_count ?? 'an unknown number of'} acknowledged entries from seq ${e.lost_from_seq} lost — ${e.reason}`, rule: '', gesture: '', value: '', outcome: '' };
  }
}

export function LogTable({ entries, outcomes, given, onOpen }: LogTableProps) {
  if (entries.length === 0) return <p class="empty">No entries match these filters.</p>;
  return (
    <DataTable
      caption="Recovery log entries, newest first"
      captionClass="sr-only"
      headers={['Time', 'Location', 'Staff', 'Description', 'Rule', 'Gesture', 'Value', 'Outcome']}
    >
      {entries.map((e) => {
        const r = row(e, outcomes, given);
        return (
          <tr key={e.id}>
            <td>
              <button type="button" class="link" aria-label={`Open entry ${e.seq} from ${time(e.at)}`} onClick={() => onOpen(e.id)}>
                {time(e.at)}
              </button>
            </td>
            <td>{r.location}</td>
            <td>{r.staff}</td>
            <td class="desc">{r.description}</td>
            <td>{r.rule}</td>
            <td>{r.gesture}</td>
            <td class="num">{r.value}</td>
            <td>{r.outcome}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
