/**
 * Totals over the auditor's current filters: count and value by gesture, location and week, for
 * the gesture finally given (after swaps), with the value first recommended beside it.
 */
import type { TotalsRow } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { money, percent } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { BarChart } from './bar-chart.tsx';
import type { Filters } from './log-filters.tsx';
import { ErrorNote } from './tabs.tsx';

const countBars = (rows: TotalsRow[]) => rows.map((r) => ({ key: r.key, value: r.count, label: `${r.count} · ${percent(r.decided ? r.accepted / r.decided : null)} accepted` }));
const valueBars = (rows: TotalsRow[]) => rows.map((r) => ({ key: r.key, value: r.value, label: money(r.value) }));

export function TotalsView({ api, filters }: { api: ConsoleApi; filters: Filters }) {
  const res = useRequest(api, 'stats:totals', filters);
  const t = res.data;
  const filtered = Object.keys(filters).some((k) => k !== 'type');
  return (
    <section aria-labelledby="totals-h">
      <h2 id="totals-h">Totals</h2>
      <p class="note">{filtered ? 'Over the filtered set from the Log view.' : 'Over the whole log (set filters in the Log view).'}</p>
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
              <dt>Total value given</dt>
              <dd>{money(t.value)}</dd>
            </div>
            {t.recommended_value !== undefined && (
              <div>
                <dt>As first recommended</dt>
                <dd>{money(t.recommended_value)}</dd>
              </div>
            )}
            <div>
              <dt>Acceptance rate</dt>
              <dd>{percent(t.acceptance_rate)}</dd>
            </div>
          </dl>
          <div class="charts">
            <BarChart title="Count by gesture" bars={countBars(t.by_gesture)} />
            <BarChart title="Value by gesture" bars={valueBars(t.by_gesture)} />
            <BarChart title="Count by location" bars={countBars(t.by_location)} />
            <BarChart title="Value by location" bars={valueBars(t.by_location)} />
            <BarChart title="Count by week (week starting)" bars={countBars(t.by_week)} />
            <BarChart title="Value by week (week starting)" bars={valueBars(t.by_week)} />
          </div>
        </>
      )}
    </section>
  );
}
