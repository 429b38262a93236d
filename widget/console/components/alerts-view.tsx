/**
 * Strike-team alerts, open first, each with the failures that made the quorum. Closing needs
 * a root cause and a fix; the server refuses without them too. Failures at locations the viewer
 * does not oversee arrive only as a count, and then the server says they may not close it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertView as Alert, WireError } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { time } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';
import { AlertTimeline, timeline } from './alert-timeline.tsx';

function CloseForm({ api, id, onClosed }: { api: ConsoleApi; id: string; onClosed: () => void }) {
  const [rootCause, setRootCause] = useState('');
  const [fix, setFix] = useState('');
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!rootCause.trim() || !fix.trim()) {
      setError({ code: 'invalid_payload', message: 'Give both the root cause and the fix to close an alert.' });
      return;
    }
    setBusy(true);
    const res = await api.request('alert:close', { entryId: id, root_cause: rootCause.trim(), fix: fix.trim() });
    setBusy(false);
    if (res.ok) onClosed();
    else setError(res.error);
  };
  return (
    <form onSubmit={submit} aria-label="Close this alert" class="close-form">
      <label for={`rc-${id}`}>Root cause</label>
      <textarea id={`rc-${id}`} rows={2} value={rootCause} onInput={(e) => setRootCause(e.currentTarget.value)} />
      <label for={`fix-${id}`}>Fix</label>
      <textarea id={`fix-${id}`} rows={2} value={fix} onInput={(e) => setFix(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Close alert
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

function AlertCard({ api, a, onChange }: { api: ConsoleApi; a: Alert; onChange: () => void }) {
  const where = a.alert.scope === 'all-locations' ? 'all locations' : a.alert.location;
  const hidden = a.hidden_failures ?? 0;
  const after = new Map(timeline(a.failures, a.alert.at).points.map((p) => [p.id, p.after]));
  return (
    <li class={`card ${a.status}`} aria-labelledby={`al-${a.entry_id}`}>
      <h3 id={`al-${a.entry_id}`}>
        {a.status === 'open' ? 'Open' : 'Closed'}: {a.alert.alert_id} — {a.alert.count} × {a.alert.rule_id} within {a.alert.within_minutes} min ({where})
      </h3>
      <p class="meta">Fired {time(a.alert.at)}</p>
      {a.alert.message && <p>{a.alert.message}</p>}
      <AlertTimeline failures={a.failures} firedAt={a.alert.at} />
      <details>
        <summary>
          {a.failures.length} failures{hidden > 0 ? ` shown, ${hidden} more at locations you do not oversee` : ''}
        </summary>
        <ul>
          {[...a.failures]
            .sort((x, y) => x.at.localeCompare(y.at))
            .map((f) => (
              <li key={f.id}>
                {time(f.at)} ({after.get(f.id) ?? 0} min after the first) · {f.location} · {f.actor.name}: <span class="desc">{f.description}</span>
              </li>
            ))}
        </ul>
      </details>
      {a.closed ? (
        <p>
          Closed by {a.closed.actor.name} at {time(a.closed.at)} — root cause: {a.closed.root_cause}; fix: {a.closed.fix}
        </p>
      ) : a.can_close === false ? (
        <p class="note">{hidden > 0 ? 'A manager who oversees every location involved closes this alert.' : 'Managers close alerts.'}</p>
      ) : (
        <CloseForm api={api} id={a.entry_id} onClosed={onChange} />
      )}
    </li>
  );
}

export function AlertsView({ api, version }: { api: ConsoleApi; version: number }) {
  const res = useRequest(api, 'alert:list', {});
  useEffect(() => {
    if (version > 0) res.reload();
  }, [version]);
  const list = res.data ?? [];
  const open = list.filter((a) => a.status === 'open');
  const closed = list.filter((a) => a.status === 'closed');
  return (
    <section aria-labelledby="alerts-h">
      <h2 id="alerts-h">Strike-team alerts</h2>
      <ErrorNote error={res.error} />
      <h3>Open ({open.length})</h3>
      {open.length === 0 ? <p class="empty">No open alerts.</p> : <ul class="cards">{open.map((a) => <AlertCard key={a.entry_id} api={api} a={a} onChange={res.reload} />)}</ul>}
      <h3>Closed ({closed.length})</h3>
      {closed.length === 0 ? <p class="empty">None closed yet.</p> : <ul class="cards">{closed.map((a) => <AlertCard key={a.entry_id} api={api} a={a} onChange={res.reload} />)}</ul>}
    </section>
  );
}
