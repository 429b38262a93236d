/**
 * Manager approvals for gestures over the threshold. The queue is rebuilt from
 * the log at start and follows every append; a new request is pushed live to the
 * managers of its location, a decision to them and to the staff member's sockets.
 */
import type { ApprovalDecideRequest, PendingApproval } from '../contract/events.ts';
import type { EntryOf } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

export function approvalFeature(ctx: AppContext): Feature {
  const pending = new Map<string, PendingApproval>();
  // From the store's compact rows: only the few still-pending entries are read from disk.
  for (const row of ctx.store.rows({ type: 'recommendation' })) {
    if (!row.needs_approval || row.approval !== 'none') continue;
    const e = ctx.store.get(row.id);
    if (e?.type === 'recommendation') pending.set(e.id, { entry: e, since: e.at });
  }
  // Ids being decided right now: a second manager clicking at the same moment gets `conflict`.
  const deciding = new Set<string>();

  const off = ctx.events.on('entry:appended', (e) => {
    if (e.type === 'recommendation' && e.needs_approval) {
      const item = { entry: e, since: e.at };
      pending.set(e.id, item);
      ctx.toManagers(e.location, 'approval:requested', item);
    } else if (e.type === 'approval') {
      pending.delete(e.ref);
      const rec = ctx.store.get(e.ref);
      if (rec?.type !== 'recommendation') return;
      const event = { ...e, request_id: rec.request_id };
      ctx.toManagers(e.location, 'approval:decided', event);
      ctx.toStaff(rec.actor.token_id, 'approval:decided', event);
    }
  });

  function list(p: Principal): PendingApproval[] {
    return [...pending.values()].filter((x) => ctx.oversees(p, x.entry.location)).sort((a, b) => a.entry.seq - b.entry.seq);
  }

  async function decide(p: Principal, req: ApprovalDecideRequest): Promise<{ entry_id: string }> {
    const rec = ctx.store.get(req.entryId);
    if (rec?.type !== 'recommendation' || !rec.needs_approval) {
      throw new MakegoodError('not_found', `no approval request for entry "${req.entryId}"`, 'entryId');
    }
    if (!ctx.oversees(p, rec.location)) throw new MakegoodError('forbidden', `you do not oversee ${rec.location}`);
    if (!pending.has(rec.id) || deciding.has(rec.id)) throw new MakegoodError('conflict', `entry "${rec.id}" was already decided`);
    deciding.add(rec.id);
    try {
      const entry: EntryOf<'approval'> = await ctx.appendEntry({
        type: 'approval',
        ref: rec.id,
        actor: { token_id: p.token_id, name: p.name, role: 'manager' },
        location: rec.location,
        approved: req.approved,
        ...(req.note?.trim() ? { note: req.note.trim() } : {}),
      });
      return { entry_id: entry.id };
    } finally {
      deciding.delete(rec.id);
    }
  }

  return { name: 'approval', handlers: { 'approval:list': list, 'approval:decide': decide }, close: off };
}
