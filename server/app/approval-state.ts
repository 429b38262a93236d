/** Where a recommendation stands with its manager approval, read from the log. */
import type { EntryOf } from '../contract/log-entry.ts';
import type { RecoveryLogStore } from '../log/store.ts';

export type ApprovalState = 'not_needed' | 'pending' | 'approved' | 'declined';

export function approvalOf(store: RecoveryLogStore, recId: string): EntryOf<'approval'> | undefined {
  return store.related(recId).find((e): e is EntryOf<'approval'> => e.type === 'approval' && e.ref === recId);
}

export function approvalState(store: RecoveryLogStore, rec: EntryOf<'recommendation'>): ApprovalState {
  if (!rec.needs_approval) return 'not_needed';
  const decided = approvalOf(store, rec.id);
  return decided ? (decided.approved ? 'approved' : 'declined') : 'pending';
}
