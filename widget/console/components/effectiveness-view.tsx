/** Which rules work: per rule and per gesture finally given, over 7 or 30 days; values are those of the gestures given. */
import { useState } from 'preact/hooks';
import type { EffectivenessRow } from '../../../server/contract/index.ts';
import { REACTIONS } from '../../../server/contract/log-entry.ts';
import type { ConsoleApi } from '../api.ts';
import { money, percent } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';
import { DataTable } from './data-table.tsx';

function EffTable({ caption, keyLabel, rows }: { caption: string; keyLabel: string; rows: EffectivenessRow[] }) {
  if (rows.length === 0) return <p class="empty">{caption}: nothing in this period.</p>;
  return (
    <DataTable caption={caption} headers={[keyLabel, 'Offered', 'Accepted', 'Declined', 'Acceptance', 'Delighted', 'Satisfied', 'Neutral', 'Upset', 'Average value given']}>
      {rows.map((r) => (
        <tr key={r.key}>
          <th scope="row">{r.key}</th>
          <td class="num">{r.offered}</td>
          <td class="num">{r.accepted}</td>
          <td class="num">{r.declined}</td>
          <td class="num">{percent(r.acceptance_rate)}</td>
          {REACTIONS.map((x) => (
            <td class="num" key={x}>
              {r.reactions[x]}
            </td>
          ))}
          <td class="num">{money(r.average_value)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function EffectivenessView({ api }: { api: ConsoleApi }) {
  const [days, setDays] = useState<7 | 30>(7);
  const res = useRequest(api, 'stats:effectiveness', { days });
  return (
    <section aria-labelledby="eff-h">
      <h2 id="eff-h">Effectiveness</h2>
      <div role="group" aria-label="Period" class="actions">
        {([7, 30] as const).map((d) => (
          <button key={d} type="button" aria-pressed={days === d} onClick={() => setDays(d)}>
            Last {d} days
          </button>
        ))}
      </div>
      <ErrorNote error={res.error} />
      {res.data && (
        <>
          <EffTable caption={`Per rule, last ${res.data.days} days`} keyLabel="Rule" rows={res.data.by_rule} />
          <EffTable caption={`Per gesture finally given (after swaps), last ${res.data.days} days`} keyLabel="Gesture" rows={res.data.by_gesture} />
        </>
      )}
    </section>
  );
}
