/** Everything an auditor sees. The log filters are shared with Totals: "totals of what I filtered". */
import { useState } from 'preact/hooks';
import type { ConsoleApi } from '../api.ts';
import { DEFAULT_FILTERS, type Filters } from './log-filters.tsx';
import { LogView } from './log-view.tsx';
import { TotalsView } from './totals-view.tsx';
import { ChainView } from './chain-view.tsx';
import { FailuresView } from './failures-view.tsx';
import { Tabs, useFocusOnChange } from './tabs.tsx';

type View = 'log' | 'totals' | 'failures' | 'chain';
const TABS = [
  { key: 'log', label: 'Log' },
  { key: 'totals', label: 'Totals' },
  { key: 'failures', label: 'Failures over time' },
  { key: 'chain', label: 'Chain' },
] as const;

export function AuditorViews({ api }: { api: ConsoleApi }) {
  const [view, setView] = useState<View>('log');
  const focusRef = useFocusOnChange(view);
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  return (
    <>
      <Tabs label="Auditor views" tabs={TABS} current={view} onSelect={setView} />
      <main ref={focusRef}>
        {view === 'log' && <LogView api={api} filters={filters} onFilters={setFilters} />}
        {view === 'totals' && <TotalsView api={api} filters={filters} />}
        {view === 'failures' && <FailuresView api={api} />}
        {view === 'chain' && <ChainView api={api} />}
      </main>
    </>
  );
}
