/**
 * Where a recommendation stands now, read from the log: the state machine replayed over its
 * related entries, and the view staff get (the gesture on the table, its words, its approval).
 */
import type { RecoveryView } from '../contract/events.ts';
import type { EntryOf } from '../contract/log-entry.ts';
import type { GestureView } from '../contract/recommendation.ts';
import { replay, type ApprovalState, type RecoveryState } from '../contract/recovery-state.ts';
import type { RecoveryLogStore } from '../log/store.ts';

export type { ApprovalState };

export function recoveryState(store: Pick<RecoveryLogStore, 'related'>, rec: EntryOf<'recommendation'>): RecoveryState {
  return replay(rec, store.related(rec.id));
}

/** The approval of the gesture on the table now. */
export function approvalState(store: Pick<RecoveryLogStore, 'related'>, rec: EntryOf<'recommendation'>): ApprovalState {
  return recoveryState(store, rec).approval;
}

/** The view of a state: `views` are the recommendation's gestures as first answered (labels in the staff's language). */
export function recoveryView(rec: EntryOf<'recommendation'>, s: RecoveryState, views: readonly GestureView[], recSay: string): RecoveryView {
  const known = views.find((g) => g.id === s.gesture);
  const logged = [rec.gesture, ...rec.alternatives].find((g) => g.id === s.gesture);
  const base = known ?? (logged ? { ...logged, needs_approval: s.needs } : { id: s.gesture, label: s.gesture, value: s.value, kind: rec.gesture.kind, needs_approval: s.needs });
  const gesture: GestureView = { ...base, value: s.value, needs_approval: s.needs };
  return { gesture, say: s.say ?? (s.gesture === rec.gesture.id ? recSay : (known?.say ?? recSay)), phase: s.phase, approval: s.approval };
}
