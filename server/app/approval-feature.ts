/**
 * Manager approvals for gestures over the threshold or the value cap. A request is the entry
 * that put such a gesture on the table: the recommendation itself, or a swap decision. Only
 * the request for the gesture on the table now is open: a swap away withdraws the earlier one.
 * The queue is rebuilt from the log at start and follows every append; a new request is pushed
 * live to the managers of its location, a decision to them and to the staff member's sockets.
 */
import type { ApprovalDecideRequest, PendingApproval } from '../contract/events.ts';
import type { EntryOf, LoggedGesture } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { offeredValue } from '../contract/recovery-state.ts';
import { redact } from '../log/redact.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { recoveryState } from './approval-state.ts';
import { decideMany } from './approval-bulk.ts';

interface Open {
  seq: number;
  location: string;
  /** The recommendation the request belongs to. */
  rec: string;
}

export function approvalFeature(ctx: AppContext): Feature {
  // Open requests by the id of the entry that asked. Only where each stands: the entries stay in
  // the log and are read when a manager lists them.
  const pending = new Map<string, Open>();
  // Recommendation id → its open request id, so a swap withdraws the earlier request.
  const byRec = new Map<string, string>();
  // Ids being decided right now: a second manager clicking at the same moment gets `conflict`.
  const deciding = new Set<string>();

  /** Re-reads one recommendation's state and keeps its open request (if any) in the queue. */
  function refresh(recId: string): string | undefined {
    const rec = ctx.store.get(recId);
    const before = byRec.get(recId);
    if (before) pending.delete(before);
    byRec.delete(recId);
    if (rec?.type !== 'recommendation') return undefined;
    const s = recoveryState(ctx.store, rec);
    if (s.approval !== 'pending' || !s.request) return undefined;
    const asker = s.request === rec.id ? rec : ctx.store.get(s.request);
    if (!asker) return undefined;
    pending.set(s.request, { seq: asker.seq, location: rec.location, rec: rec.id });
    byRec.set(rec.id, s.request);
    return s.request;
  }

  // At start: recommendations that asked and were never decided, and recommendations with a swap
  // that asked (rare: those are read from the log).
  const candidates = new Set<string>();
  for (const row of ctx.store.rows({ type: 'recommendation' })) {
    if (row.needs_approval && row.approval === 'none' && row.final_gesture === row.gesture) {
      pending.set(row.id, { seq: row.seq, location: row.location ?? '', rec: row.id });
      byRec.set(row.id, row.id);
    } else if (row.needs_approval && row.approval === 'none') candidates.add(row.id);
  }
  for (const row of ctx.store.rows({ type: 'decision' })) {
    if (row.needs_approval && row.ref) candidates.add(row.ref);
  }
  // A rule correction puts a new recommendation on the table, with its own approval (or none).
  for (const row of ctx.store.rows({ type: 'correction' })) {
    if (row.ref) candidates.add(row.ref);
  }
  for (const id of candidates) refresh(id);

  /** The gesture a request asks for, with its value. */
  function asked(rec: EntryOf<'recommendation'>, requestId: string): LoggedGesture {
    if (requestId === rec.id) return rec.gesture;
    const d = ctx.store.get(requestId);
    if (d?.type === 'correction') return d.gesture;
    const id = d?.type === 'decision' ? d.gesture_id : rec.gesture.id;
    const g = [rec.gesture, ...rec.alternatives].find((x) => x.id === id) ?? rec.gesture;
    return { ...g, value: (d?.type === 'decision' ? d.value : undefined) ?? offeredValue(rec, id) ?? g.value };
  }

  const pendingOf = (rec: EntryOf<'recommendation'>, requestId: string, since: string): PendingApproval => ({
    entry: rec,
    since,
    request: { entry_id: requestId, gesture: asked(rec, requestId) },
  });

  const off = ctx.events.on('entry:appended', (e) => {
    if (e.type === 'recommendation' && e.needs_approval) {
      pending.set(e.id, { seq: e.seq, location: e.location, rec: e.id });
      byRec.set(e.id, e.id);
      ctx.toManagers(e.location, 'approval:requested', pendingOf(e, e.id, e.at));
    } else if ((e.type === 'decision' && (e.outcome === 'swapped' || byRec.has(e.ref))) || e.type === 'correction') {
      const before = byRec.get(e.ref);
      const open = refresh(e.ref);
      const rec = ctx.store.get(e.ref);
      if (rec?.type !== 'recommendation') return;
      // The manager's queue follows the table: the old request goes, the new one (if any) comes.
      if (before && before !== open) ctx.toManagers(rec.location, 'approval:withdrawn', { entry_id: before, ref: rec.id, request_id: rec.request_id });
      if (open === e.id) ctx.toManagers(rec.location, 'approval:requested', pendingOf(rec, e.id, e.at));
    } else if (e.type === 'approval') {
      refresh(e.ref);
      const rec = ctx.store.get(e.ref);
      if (rec?.type !== 'recommendation') return;
      const event = { ...e, request_id: rec.request_id };
      ctx.toManagers(e.location, 'approval:decided', event);
      ctx.toStaff(rec.actor.token_id, 'approval:decided', event);
    }
  });

  function list(p: Principal): PendingApproval[] {
    const out: PendingApproval[] = [];
    const mine = [...pending].filter(([, x]) => ctx.oversees(p, x.location)).sort((a, b) => a[1].seq - b[1].seq);
    for (const [requestId, x] of mine) {
      const rec = ctx.store.get(x.rec);
      const asker = requestId === x.rec ? rec : ctx.store.get(requestId);
      if (rec?.type === 'recommendation' && asker) out.push(pendingOf(rec, requestId, asker.at));
    }
    return out;
  }

  async function decide(p: Principal, req: ApprovalDecideRequest): Promise<{ entry_id: string }> {
    const asker = ctx.store.get(req.entryId);
    const rec = asker?.type === 'recommendation' ? asker : asker?.type === 'decision' || asker?.type === 'correction' ? ctx.store.get(asker.ref) : undefined;
    const asks =
      asker?.type === 'recommendation' ? asker.needs_approval : (asker?.type === 'decision' || asker?.type === 'correction') && asker.needs_approval === true;
    if (!asker || rec?.type !== 'recommendation' || !asks) {
      throw new MakegoodError('not_found', `no approval request "${req.entryId}"; approval:list gives the open ones`, 'entryId');
    }
    if (!ctx.oversees(p, rec.location)) throw new MakegoodError('forbidden', `you do not oversee ${rec.location}`);
    if (!pending.has(asker.id) || deciding.has(asker.id)) {
      const s = recoveryState(ctx.store, rec);
      const why = s.request === asker.id ? 'was already decided' : `is no longer open: staff put "${s.gesture}" on the table instead`;
      throw new MakegoodError('conflict', `the approval request "${asker.id}" for "${asked(rec, asker.id).label}" ${why}`, 'entryId');
    }
    const gesture = asked(rec, asker.id);
    deciding.add(asker.id);
    try {
      const entry: EntryOf<'approval'> = await ctx.appendEntry({
        type: 'approval',
        ref: rec.id,
        actor: { token_id: p.token_id, name: p.name, role: 'manager' },
        location: rec.location,
        approved: req.approved,
        gesture_id: gesture.id,
        value: gesture.value,
        ...(asker.id !== rec.id ? { request: asker.id } : {}),
        // Free text reaches the log redacted, like a description.
        ...(req.note?.trim() ? { note: redact(req.note.trim()) } : {}),
      });
      return { entry_id: entry.id };
    } finally {
      deciding.delete(asker.id);
    }
  }

  return { name: 'approval', handlers: { 'approval:list': list, 'approval:decide': decide, 'approval:decide-many': (p, req) => decideMany(decide, p, req) }, close: off };
}
