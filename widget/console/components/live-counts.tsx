/** Counts per rule per location for the last hour and day, refetched as recoveries arrive. */

const REFRESH_MS = 1000;
import type { LiveCounts } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { useRequest, useThrottledReload } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';
import { DataTable } from './data-table.tsx';

function CountTable({ caption, table }: { caption: string; table: Record<string, Record<string, number>> }) {
  const rules = Object.keys(table).sort();
  const locations = [...new Set(rules.flatMap((r) => Object.keys(table[r] ?? {})))].sort();
  if (rules.length === 0) return <p class="empty">{caption}: none.</p>;
  return (
    <DataTable caption={caption} headers={['Rule', ...locations]}>
      {rules.map((r) => (
        <tr key={r}>
          <th scope="row">{r}</th>
          {locations.map((l) => (
            <td class="num" key={l}>
              {table[r]?.[l] ?? 0}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

export function LiveCountsView({ api, version }: { api: ConsoleApi; version: number }) {
  const res = useRequest(api, 'stats:live', {});
  useThrottledReload(res.reload, version, REFRESH_MS);
  const c: LiveCounts | null = res.data;
  return (
    <section aria-labelledby="counts-h">
      <h2 id="counts-h">Counts per rule and location</h2>
      <ErrorNote error={res.error} />
      {c && (
        <div class="charts">
          <CountTable caption="Last hour" table={c.last_hour} />
          <CountTable caption="Last 24 hours" table={c.last_day} />
        </div>
      )}
    </section>
  );
}
