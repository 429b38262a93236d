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
  // Only where each pending request stands: the entries stay in the log and are read when a
  // manager lists them, so a log with many open requests costs neither a read at start nor memory.
  const pending = new Map<string, { seq: number; location: string }>();
  for (const row of ctx.store.rows({ type: 'recommendation' })) {
    if (row.needs_approval && row.approval === 'none') pending.set(row.id, { seq: row.seq, location: row.location ?? '' });
  }
  // Ids being decided right now: a second manager clicking at the same moment gets `conflict`.
  const deciding = new Set<string>();

  const off = ctx.events.on('entry:appended', (e) => {
    if (e.type === 'recommendation' && e.needs_approval) {
      pending.set(e.id, { seq: e.seq, location: e.location });
      ctx.toManagers(e.location, 'approval:requested', { entry: e, since: e.at });
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
    const out: PendingApproval[] = [];
    const mine = [...pending].filter(([, x]) => ctx.oversees(p, x.location)).sort((a, b) => a[1].seq - b[1].seq);
    for (const [id] of mine) {
      const entry = ctx.store.get(id);
      if (entry?.type === 'recommendation') out.push({ entry, since: entry.at });
    }
    return out;
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
