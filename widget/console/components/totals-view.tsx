/**
 * Totals over the auditor's current filters (the same set the export writes): the value of
 * gestures actually given (accepted) apart from the value recommended but not given, acceptance
 * with its denominator, and breakdowns by gesture, location, rule, staff and week, by label
 * and in the rules file's currency. Each chart has its table beside it.
 */
import type { Totals, TotalsRow } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { acceptance, currency, placeName } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { BarChart } from './bar-chart.tsx';
import { DataTable } from './data-table.tsx';
import type { Filters } from './log-filters.tsx';
import { ErrorNote } from './tabs.tsx';

type Namer = (key: string) => string;

function Breakdown({ title, rows, name, cur }: { title: string; rows: TotalsRow[]; name: Namer; cur: (n: number) => string }) {
  const given = (r: TotalsRow) => r.given_value ?? 0;
  return (
    <div class="breakdown">
      <BarChart
        title={`${title}: value given`}
        bars={rows.map((r) => ({ key: name(r.key), value: given(r), label: `${cur(given(r))} · ${acceptance(r.accepted, r.decided)}` }))}
      />
      <details>
        <summary>{title} as a table</summary>
        <DataTable caption={title} headers={[title.replace(/^By /, ''), 'Recoveries', 'Value given', 'Recommended, not given', 'Accepted']}>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{name(r.key)}</th>
              <td class="num">{r.count}</td>
              <td class="num">{cur(given(r))}</td>
              <td class="num">{cur(Math.round((r.value - given(r)) * 100) / 100)}</td>
              <td>{acceptance(r.accepted, r.decided)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </div>
  );
}

export function TotalsView({ api, filters }: { api: ConsoleApi; filters: Filters }) {
  const res = useRequest(api, 'stats:totals', filters);
  const t: Totals | null = res.data;
  const filtered = Object.keys(filters).some((k) => k !== 'type');
  const cur = (n: number) => currency(n, t?.currency);
  const gestureName: Namer = (k) => t?.labels?.gesture[k] ?? k;
  const ruleName: Namer = (k) => t?.labels?.rule[k] ?? k;
  const staffName: Namer = (k) => k.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  const weekName: Namer = (k) => `Week of ${k}`;
  return (
    <section aria-labelledby="totals-h">
      <h2 id="totals-h">Totals</h2>
      <p class="note">{filtered ? 'Over the filtered set from the Log view (the same rows the export writes).' : 'Over the whole log (set filters in the Log view).'}</p>
      <ErrorNote error={res.error} />
      {res.loading && !t && <p>Loading…</p>}
      {t && (
        <>
          <dl class="kpis">
            <div>
              <dt>Recoveries</dt>
              <dd>{t.count}</dd>
            </div>
            <div>
              <dt>Value actually given</dt>
              <dd>{cur(t.given?.value ?? 0)}</dd>
              <dd class="sub">{t.given?.count ?? 0} gestures accepted</dd>
            </div>
            <div>
              <dt>Recommended, not given</dt>
              <dd>{cur(t.not_given?.value ?? t.value)}</dd>
              <dd class="sub">{t.not_given?.count ?? t.count} pending, declined or never offered</dd>
            </div>
            <div>
              <dt>Acceptance</dt>
              <dd>{t.decided === undefined ? '—' : acceptance(t.accepted ?? 0, t.decided)}</dd>
            </div>
          </dl>
          <p class="note">
            Value of the gestures finally on the table (after swaps): {cur(t.value)}; as first recommended: {cur(t.recommended_value)}.
          </p>
          <div class="charts">
            <Breakdown title="By gesture" rows={t.by_gesture} name={gestureName} cur={cur} />
            <Breakdown title="By location" rows={t.by_location} name={placeName} cur={cur} />
            {t.by_rule && <Breakdown title="By rule" rows={t.by_rule} name={ruleName} cur={cur} />}
            {t.by_staff && <Breakdown title="By staff" rows={t.by_staff} name={staffName} cur={cur} />}
            <Breakdown title="By week" rows={t.by_week} name={weekName} cur={cur} />
          </div>
        </>
      )}
    </section>
  );
}
