/** Everything a manager sees, fed by one live store so switching views loses nothing. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Hello } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { createManagerStore, useConsoleStore } from '../store.ts';
import { Tabs, useFocusOnChange } from './tabs.tsx';
import { LiveFeed } from './live-feed.tsx';
import { GpsView } from './gps-view.tsx';
import { LiveCountsView } from './live-counts.tsx';
import { ApprovalsView } from './approvals-view.tsx';
import { RulesView } from './rules-view.tsx';
import { EffectivenessView } from './effectiveness-view.tsx';
import { AlertsView } from './alerts-view.tsx';
import { SuggestionsView } from './suggestions-view.tsx';
import { FailuresView } from './failures-view.tsx';
import { useRuleLabels } from '../labels.ts';
import { placeName } from '../format.ts';

type View = 'gps' | 'live' | 'failures' | 'approvals' | 'rules' | 'suggestions' | 'effectiveness' | 'alerts';

export function ManagerViews({ api, hello }: { api: ConsoleApi; hello: Hello }) {
  const store = useMemo(() => createManagerStore(api, hello.rules), [api]);
  useEffect(() => () => store.dispose(), [store]);
  const s = useConsoleStore(store);
  const ruleLabel = useRuleLabels(api, s.rules.version);
  const [view, setView] = useState<View>('gps');
  const focusRef = useFocusOnChange(view);
  const tabs = [
    { key: 'gps', label: 'Customer GPS' },
    { key: 'live', label: 'Live' },
    { key: 'failures', label: 'Failures over time' },
    { key: 'approvals', label: 'Approvals', badge: s.pending.length },
    { key: 'rules', label: 'Rules', badge: s.rules.errors.length },
    { key: 'suggestions', label: 'Suggestions' },
    { key: 'effectiveness', label: 'Effectiveness' },
    { key: 'alerts', label: 'Alerts' },
  ] as const;
  return (
    <>
      <Tabs label="Manager views" tabs={tabs} current={view} onSelect={setView} />
      {s.lastAlert && (
        <div role="alert" class="banner">
          Strike-team alert {s.lastAlert.alert_id}: {s.lastAlert.count} × {ruleLabel(s.lastAlert.rule_id)} within {s.lastAlert.within_minutes} min
          {s.lastAlert.location ? ` at ${placeName(s.lastAlert.location)}` : ' across locations'}.{s.lastAlert.message ? ` ${s.lastAlert.message}` : ''}{' '}
          <button type="button" onClick={() => setView('alerts')}>
            See alerts
          </button>{' '}
          <button type="button" onClick={() => store.set({ lastAlert: null })}>
            Dismiss
          </button>
        </div>
      )}
      <main ref={focusRef}>
        {view === 'gps' && <GpsView api={api} version={s.recoveriesVersion} alertsVersion={s.alertsVersion} />}
        {view === 'live' && (
          <div class="split">
            <LiveFeed items={s.feed} ruleLabel={ruleLabel} />
            <LiveCountsView api={api} version={s.recoveriesVersion} />
          </div>
        )}
        {view === 'failures' && <FailuresView api={api} version={s.recoveriesVersion} />}
        {view === 'approvals' && <ApprovalsView api={api} pending={s.pending} ruleLabel={ruleLabel} onDone={(id) => store.set({ pending: store.get().pending.filter((p) => p.entry.id !== id) })} />}
        {view === 'rules' && <RulesView status={s.rules} />}
        {view === 'suggestions' && <SuggestionsView api={api} version={s.rules.version} />}
        {view === 'effectiveness' && <EffectivenessView api={api} />}
        {view === 'alerts' && <AlertsView api={api} version={s.alertsVersion} />}
      </main>
    </>
  );
}
