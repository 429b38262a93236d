/**
 * The approval queue: requests over the threshold or the value cap appear live, each naming the
 * gesture and value actually asked for (a staff swap asks for its own); approve or decline with a note.
 */
import { useState } from 'preact/hooks';
import type { PendingApproval, WireError } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { money, ruleName, time } from '../format.ts';
import { ErrorNote } from './tabs.tsx';

function Request({ api, p, onDone }: { api: ConsoleApi; p: PendingApproval; onDone: (id: string) => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const e = p.entry;
  // Exactly what is asked: after a swap, another gesture than the one first recommended.
  const g = p.request?.gesture ?? e.gesture;
  const swapped = g.id !== e.gesture.id;
  const noteId = `note-${e.id}`;
  const decide = async (approved: boolean) => {
    setBusy(true);
    setError(null);
    const res = await api.request('approval:decide', { entryId: p.request?.entry_id ?? e.id, approved, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (res.ok || res.error.code === 'conflict') onDone(e.id); // conflict: another manager was quicker
    else setError(res.error);
  };
  return (
    <li class="card" aria-labelledby={`req-${e.id}`}>
      <h3 id={`req-${e.id}`}>
        {g.label} ({money(g.value)}) for {e.location}
      </h3>
      {swapped && (
        <p class="meta">
          Swapped by staff from {e.gesture.label} ({money(e.value)}), which was recommended
        </p>
      )}
      <p class="meta">
        {time(e.at)} · {e.actor.name} · rule {ruleName(e.rule_id)}
      </p>
      <p class="desc">{e.description}</p>
      <label for={noteId}>Note (optional)</label>
      <input id={noteId} type="text" maxLength={500} value={note} onInput={(ev) => setNote(ev.currentTarget.value)} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void decide(true)} aria-label={`Approve ${g.label} for ${e.actor.name}`}>
          Approve
        </button>
        <button type="button" disabled={busy} onClick={() => void decide(false)} aria-label={`Decline ${g.label} for ${e.actor.name}`}>
          Decline
        </button>
      </div>
      <ErrorNote error={error} />
    </li>
  );
}

export function ApprovalsView({ api, pending, onDone }: { api: ConsoleApi; pending: PendingApproval[]; onDone: (id: string) => void }) {
  return (
    <section aria-labelledby="appr-h">
      <h2 id="appr-h">Approval queue</h2>
      {pending.length === 0 ? (
        <p class="empty">No requests waiting.</p>
      ) : (
        <ul class="cards" aria-label="Waiting for approval">
          {pending.map((p) => (
            <Request key={p.entry.id} api={api} p={p} onDone={onDone} />
          ))}
        </ul>
      )}
    </section>
  );
}
