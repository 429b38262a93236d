/**
 * The log as a table. Presentational. Every text cell is rendered as text (Preact escapes it),
 * so a description holding markup shows the markup, never runs it.
 */
import { useState } from 'preact/hooks';
import type { LogEntry, LogPage, Outcome } from '../../../server/contract/index.ts';
import { currency, money, ruleName, time } from '../format.ts';
import { DataTable, type SortDirection } from './data-table.tsx';

export interface LogTableProps {
  entries: LogEntry[];
  /** Latest outcome per recommendation id, when known. */
  outcomes: Record<string, Outcome | 'none'>;
  /** The gesture finally given, for recommendations that ended on another one than recommended. */
  given?: LogPage['given'];
  /** Approval and reaction per recommendation, from the server's state machine. */
  states?: LogPage['states'];
  onOpen: (id: string) => void;
}

export const LOG_HEADERS = ['Time', 'Location', 'Staff', 'Description', 'Rule', 'Gesture', 'Value', 'Outcome', 'Approval', 'Reaction', 'Gesture given'] as const;

const APPROVAL_WORDS = { not_needed: 'not needed', pending: 'waiting for a manager', approved: 'approved', declined: 'declined by manager' } as const;

type Row = { staff: string; location: string; description: string; rule: string; gesture: string; value: string; outcome: string; approval?: string; reaction?: string; givenGesture?: string; amount?: number };

function row(e: LogEntry, outcomes: LogTableProps['outcomes'], given: NonNullable<LogTableProps['given']> = {}, states: NonNullable<LogTableProps['states']> = {}): Row {
  switch (e.type) {
    case 'recommendation': {
      const o = outcomes[e.id];
      const st = states[e.id];
      // The gesture finally given (the one recommended unless swapped or corrected), with its value.
      const g = given[e.id] ?? { label: e.gesture.label, value: e.value };
      const given_ = o === 'accepted' ? `${g.label}, ${currency(g.value, e.currency)}` : o === undefined ? '—' : `none (on the table: ${g.label})`;
      return { staff: e.actor.name, location: e.location, description: e.description, rule: ruleName(e.rule_id), gesture: e.gesture.label, value: currency(e.value, e.currency), outcome: o === undefined ? '—' : o === 'none' ? 'not decided' : o, approval: st ? APPROVAL_WORDS[st.approval] : '—', reaction: st?.reaction ?? '—', givenGesture: given_, amount: e.value };
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

/** The text a column sorts on: time by its ISO stamp, Value by its amount, the rest as shown. */
function sortKey(e: LogEntry, r: Row, column: number): string | number {
  switch (column) {
    case 0:
      return e.at;
    case 6:
      return r.amount ?? ('value' in e && typeof e.value === 'number' ? e.value : -Infinity);
    default: {
      const keys = [r.location, r.staff, r.description, r.rule, r.gesture, r.value, r.outcome, r.approval ?? '', r.reaction ?? '', r.givenGesture ?? ''];
      return keys[column - 1] ?? '';
    }
  }
}

/** Rows sorted by a column (stable: equal keys keep the log's order). */
export function sortRows<T extends { key: string | number }>(rows: T[], direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r.key;
      const y = b.r.key;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map(({ r }) => r);
}

export function LogTable({ entries, outcomes, given, states, onOpen }: LogTableProps) {
  const [sort, setSort] = useState<{ column: number; direction: SortDirection } | null>(null);
  if (entries.length === 0) return <p class="empty">No entries match these filters.</p>;
  const rows = entries.map((e) => {
    const r = row(e, outcomes, given, states);
    return { e, r, key: sort ? sortKey(e, r, sort.column) : 0 };
  });
  const shown = sort ? sortRows(rows, sort.direction) : rows;
  const onSort = (column: number) =>
    setSort(sort && sort.column === column ? { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' } : { column, direction: 'ascending' });
  return (
    <DataTable
      caption={sort ? `Recovery log entries on this page, sorted by ${LOG_HEADERS[sort.column]} ${sort.direction}` : 'Recovery log entries, newest first'}
      captionClass="sr-only"
      headers={LOG_HEADERS}
      sort={sort}
      onSort={onSort}
    >
      {shown.map(({ e, r }) => (
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
          <td>{r.approval ?? ''}</td>
          <td>{r.reaction ?? ''}</td>
          <td>{r.givenGesture ?? ''}</td>
        </tr>
      ))}
    </DataTable>
  );
}
