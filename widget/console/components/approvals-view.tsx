/**
 * The approval queue: oldest first with its age, grouped by location or gesture with a count
 * per group, filters (location, gesture, value range, staff), and a selection approved or
 * declined with one note (approval:decide-many: each request checked and logged on its own).
 * Each group shows a page of requests at a time, so 1,000 waiting stay quick to filter.
 * Keys on a request card: A approves, D declines (outside the note field).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PendingApproval, WireError } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { age, currency, placeName, time } from '../format.ts';
import type { RuleLabels } from '../labels.ts';
import { ErrorNote } from './tabs.tsx';
import { asked, boundError, choices, filterQueue, groupQueue, NO_FILTERS, requestId, type GroupBy, type QueueFilters } from './approval-filters.ts';

const PAGE = 25;
/** Requests per approval:decide-many message (the contract's MAX_DECIDE_MANY; types only are bundled). */
const MAX_DECIDE_MANY = 200;
const AGE_TICK_MS = 30_000;

interface RequestProps {
  api: ConsoleApi;
  p: PendingApproval;
  now: number;
  selected: boolean;
  onSelect: (id: string, on: boolean) => void;
  onDone: (id: string) => void;
  ruleLabel: RuleLabels;
}

function Request({ api, p, now, selected, onSelect, onDone, ruleLabel }: RequestProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const e = p.entry;
  const g = asked(p);
  const swapped = g.id !== e.gesture.id;
  const noteId = `note-${e.id}`;
  const decide = async (approved: boolean) => {
    setBusy(true);
    setError(null);
    const res = await api.request('approval:decide', { entryId: requestId(p), approved, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (res.ok || res.error.code === 'conflict') onDone(e.id); // conflict: another manager was quicker
    else setError(res.error);
  };
  const onKey = (ev: KeyboardEvent) => {
    if (busy || (ev.target as HTMLElement).tagName === 'INPUT' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key.toLowerCase();
    if (k === 'a' || k === 'd') {
      ev.preventDefault();
      void decide(k === 'a');
    }
  };
  const who = `${g.label} for ${e.actor.name}`;
  return (
    <li class={`card${selected ? ' selected' : ''}`} aria-labelledby={`req-${e.id}`} onKeyDown={onKey}>
      <div class="card-head">
        <input type="checkbox" id={`sel-${e.id}`} checked={selected} onChange={(ev) => onSelect(e.id, ev.currentTarget.checked)} aria-label={`Select ${who}`} />
        <h3 id={`req-${e.id}`}>
          {g.label} ({currency(g.value, e.currency)}) for {placeName(e.location)}
        </h3>
      </div>
      <p class="meta">
        <strong>Waiting {age(p.since, now)}</strong> · since {time(p.since)}
      </p>
      {swapped && (
        <p class="meta">
          Swapped by staff from {e.gesture.label} ({currency(e.value, e.currency)}), which was recommended
        </p>
      )}
      <p class="meta">
        {e.actor.name} · {ruleLabel(e.rule_id)}
      </p>
      <p class="desc">{e.description}</p>
      <label for={noteId}>Note (optional)</label>
      <input id={noteId} type="text" maxLength={500} value={note} onInput={(ev) => setNote(ev.currentTarget.value)} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void decide(true)} aria-label={`Approve ${who}`} aria-keyshortcuts="A">
          Approve
        </button>
        <button type="button" disabled={busy} onClick={() => void decide(false)} aria-label={`Decline ${who}`} aria-keyshortcuts="D">
          Decline
        </button>
      </div>
      <ErrorNote error={error} />
    </li>
  );
}

interface ViewProps {
  api: ConsoleApi;
  pending: PendingApproval[];
  onDone: (id: string) => void;
  ruleLabel?: RuleLabels;
}

export function ApprovalsView({ api, pending, onDone, ruleLabel = (r) => r ?? 'fallback' }: ViewProps) {
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [by, setBy] = useState<GroupBy>('location');
  const [shown, setShown] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkNote, setBulkNote] = useState('');
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkResult, setBulkResult] = useState<string | null>(null);
  const [bulkError, setBulkError] = useState<WireError | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), AGE_TICK_MS);
    return () => clearInterval(t);
  }, []);

  const invalid = boundError(filters);
  const visible = useMemo(() => (invalid ? [] : filterQueue(pending, filters)), [pending, filters, invalid]);
  const groups = useMemo(() => groupQueue(visible, by), [visible, by]);
  const opts = useMemo(() => choices(pending), [pending]);
  // A selection only ever holds requests still waiting and still shown.
  const visibleIds = new Set(visible.map((p) => p.entry.id));
  const chosen = visible.filter((p) => selected.has(p.entry.id));
  useEffect(() => {
    if ([...selected].some((id) => !visibleIds.has(id))) setSelected(new Set([...selected].filter((id) => visibleIds.has(id))));
  }, [visible]);

  const set = (k: keyof QueueFilters) => (ev: Event) => setFilters({ ...filters, [k]: (ev.currentTarget as HTMLInputElement).value });
  const select = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const selectMany = (items: PendingApproval[], on: boolean) => {
    const next = new Set(selected);
    for (const p of items) (on ? next.add(p.entry.id) : next.delete(p.entry.id));
    setSelected(next);
  };

  const decideSelection = async (approved: boolean) => {
    setBulkBusy(true);
    setBulkError(null);
    setBulkResult(null);
    const ids = chosen.map(requestId);
    const byRequest = new Map(chosen.map((p) => [requestId(p), p.entry.id]));
    let done = 0;
    let taken = 0;
    const failed: string[] = [];
    for (let i = 0; i < ids.length; i += MAX_DECIDE_MANY) {
      const res = await api.request('approval:decide-many', { entryIds: ids.slice(i, i + MAX_DECIDE_MANY), approved, ...(bulkNote.trim() ? { note: bulkNote.trim() } : {}) });
      if (!res.ok) {
        setBulkError(res.error);
        break;
      }
      for (const d of res.data.decided) {
        done++;
        onDone(byRequest.get(d.entryId) ?? d.entryId);
      }
      for (const f of res.data.failed) {
        if (f.code === 'conflict') {
          taken++;
          onDone(byRequest.get(f.entryId) ?? f.entryId);
        } else failed.push(f.message);
      }
    }
    setBulkBusy(false);
    setSelected(new Set());
    const verb = approved ? 'Approved' : 'Declined';
    setBulkResult(
      `${verb} ${done}.` + (taken ? ` ${taken} had already been decided by someone else.` : '') + (failed.length ? ` ${failed.length} refused: ${failed.slice(0, 3).join('; ')}` : ''),
    );
    if (done > 0) setBulkNote('');
  };

  return (
    <section aria-labelledby="appr-h">
      <h2 id="appr-h">Approval queue</h2>
      <form class="filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="q-group">Group by</label>
          <select id="q-group" value={by} onChange={(e) => setBy(e.currentTarget.value as GroupBy)}>
            <option value="location">Location</option>
            <option value="gesture">Gesture</option>
            <option value="none">No grouping</option>
          </select>
        </div>
        <div>
          <label for="q-loc">Location</label>
          <select id="q-loc" value={filters.location} onChange={set('location')}>
            <option value="">All locations</option>
            {opts.locations.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="q-gesture">Gesture</label>
          <select id="q-gesture" value={filters.gesture} onChange={set('gesture')}>
            <option value="">All gestures</option>
            {opts.gestures.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="q-min">Minimum value</label>
          <input id="q-min" inputMode="decimal" value={filters.min} onInput={set('min')} />
        </div>
        <div>
          <label for="q-max">Maximum value</label>
          <input id="q-max" inputMode="decimal" value={filters.max} onInput={set('max')} />
        </div>
        <div>
          <label for="q-staff">Staff</label>
          <input id="q-staff" value={filters.staff} onInput={set('staff')} placeholder="name or part of it" />
        </div>
      </form>
      {invalid && (
        <p role="alert" class="error">
          {invalid}
        </p>
      )}
      <p class="count" role="status">
        {pending.length === 0 ? 'No requests waiting.' : `${visible.length} of ${pending.length} waiting match the filters, oldest first.`}
      </p>
      {visible.length > 0 && (
        <div class="bulk" role="group" aria-label="Decide a selection">
          <button type="button" onClick={() => selectMany(visible, chosen.length < visible.length)}>
            {chosen.length < visible.length ? `Select all ${visible.length} matching` : 'Clear selection'}
          </button>
          <span>{chosen.length} selected</span>
          <label for="bulk-note" class="inline">
            Note for the selection
          </label>
          <input id="bulk-note" type="text" maxLength={500} value={bulkNote} onInput={(e) => setBulkNote(e.currentTarget.value)} />
          <button type="button" disabled={bulkBusy || chosen.length === 0} onClick={() => void decideSelection(true)}>
            Approve selected ({chosen.length})
          </button>
          <button type="button" disabled={bulkBusy || chosen.length === 0} onClick={() => void decideSelection(false)}>
            Decline selected ({chosen.length})
          </button>
        </div>
      )}
      {bulkResult && (
        <p role="status" class="note">
          {bulkResult}
        </p>
      )}
      <ErrorNote error={bulkError} />
      {groups.map((g) => {
        const limit = shown[g.key] ?? PAGE;
        const all = g.items.every((p) => selected.has(p.entry.id));
        return (
          <section key={g.key} class="queue-group" aria-labelledby={`grp-${g.key}`}>
            <div class="toolbar">
              <h3 id={`grp-${g.key}`}>
                {g.label} <span class="count">({g.items.length} waiting, oldest {age(g.items[0]!.since, now)})</span>
              </h3>
              <button type="button" onClick={() => selectMany(g.items, !all)}>
                {all ? `Unselect ${g.label}` : `Select all ${g.items.length} in ${g.label}`}
              </button>
            </div>
            <ul class="cards" aria-label={`Waiting in ${g.label}`}>
              {g.items.slice(0, limit).map((p) => (
                <Request key={p.entry.id} api={api} p={p} now={now} selected={selected.has(p.entry.id)} onSelect={select} onDone={onDone} ruleLabel={ruleLabel} />
              ))}
            </ul>
            {g.items.length > limit && (
              <button type="button" class="more" onClick={() => setShown({ ...shown, [g.key]: limit + PAGE })}>
                Show {Math.min(PAGE, g.items.length - limit)} more in {g.label} ({g.items.length - limit} not shown)
              </button>
            )}
          </section>
        );
      })}
    </section>
  );
}
