/**
 * The recovery state machine, one for server, widget and console. Pure: types in, values out.
 *
 *   recommended ──▶ offered ──▶ accepted | declined        (final)
 *        ▲  │          │
 *        └──┴─ swap ◀──┘   a swap puts another gesture on the table (back to "recommended")
 *
 * - A gesture that needs a manager's approval (over approval_above or the value cap) can be
 *   offered or accepted only once a manager approved *that gesture*; declining needs none.
 *   A swap to such a gesture is its own approval request.
 * - A final outcome changes only as a correction, which carries a reason.
 *
 * `replay` folds a recommendation's decisions and approvals (oldest first) into the state;
 * `judge` says whether a decision may be logged now. The widget imports types only.
 */
import type { EntryOf, LogEntry, LoggedGesture, Outcome, Reaction } from './log-entry.ts';

export type Phase = 'recommended' | 'offered' | 'accepted' | 'declined';
export type ApprovalState = 'not_needed' | 'pending' | 'approved' | 'declined';

export interface RecoveryState {
  /** The gesture on the table and its value. */
  gesture: string;
  value: number;
  phase: Phase;
  /** Whether the gesture on the table needs a manager's approval. */
  needs: boolean;
  /** Where that approval stands. */
  approval: ApprovalState;
  /** Id of the entry that asked for approval of the gesture on the table (the recommendation or a swap). */
  request?: string;
  /** Managers' verdicts so far, by gesture id. */
  verdicts: Record<string, boolean>;
  reaction?: Reaction;
  /** Words logged with the swap that put the gesture on the table (absent: the recommendation's). */
  say?: string;
  corrections: number;
  /**
   * Set once staff corrected the rule (a `correction` entry): its id, the rule chosen and the
   * gestures it recommended. Swaps and decisions then choose among these.
   */
  corrected?: { id: string; rule_id: string; offered: LoggedGesture[] };
}

/** The gestures staff may choose among now: the recommendation's, or the latest rule correction's. */
export const offeredNow = (rec: EntryOf<'recommendation'>, s: RecoveryState): LoggedGesture[] => s.corrected?.offered ?? [rec.gesture, ...rec.alternatives];

export const isFinal = (p: Phase): boolean => p === 'accepted' || p === 'declined';

const approvalOf = (s: Pick<RecoveryState, 'needs' | 'verdicts' | 'gesture'>): ApprovalState => {
  if (!s.needs) return 'not_needed';
  const v = s.verdicts[s.gesture];
  return v === undefined ? 'pending' : v ? 'approved' : 'declined';
};

/** The value of a gesture the recommendation offered (recommended or alternative), if it did. */
export function offeredValue(rec: EntryOf<'recommendation'>, id: string): number | undefined {
  if (rec.gesture?.id === id) return rec.gesture.value;
  return rec.alternatives?.find((g) => g.id === id)?.value;
}

export function initial(rec: EntryOf<'recommendation'>): RecoveryState {
  const s: RecoveryState = {
    gesture: rec.gesture.id,
    value: rec.value,
    phase: 'recommended',
    needs: rec.needs_approval,
    approval: 'not_needed',
    verdicts: {},
    corrections: 0,
  };
  if (rec.needs_approval) s.request = rec.id;
  s.approval = approvalOf(s);
  return s;
}

/** One later entry applied to the state. Entries that are not about this recommendation change nothing. */
export function apply(rec: EntryOf<'recommendation'>, s: RecoveryState, e: LogEntry): RecoveryState {
  if (e.type === 'approval' && e.ref === rec.id) {
    const verdicts = { ...s.verdicts, [e.gesture_id ?? rec.gesture.id]: e.approved };
    const next = { ...s, verdicts };
    return { ...next, approval: approvalOf(next) };
  }
  if (e.type === 'correction' && e.ref === rec.id) {
    // A new recommendation under the rule staff chose: back to "recommended", with its own approval.
    const next: RecoveryState = {
      gesture: e.gesture.id,
      value: e.value,
      phase: 'recommended',
      needs: e.needs_approval,
      approval: 'not_needed',
      verdicts: {},
      say: e.say,
      corrections: s.corrections,
      corrected: { id: e.id, rule_id: e.rule_id, offered: [e.gesture, ...e.alternatives] },
    };
    if (e.needs_approval) next.request = e.id;
    if (s.reaction) next.reaction = s.reaction;
    next.approval = approvalOf(next);
    return next;
  }
  if (e.type !== 'decision' || e.ref !== rec.id) return s;
  const next: RecoveryState = { ...s };
  if (e.correction) next.corrections++;
  if (e.reaction) next.reaction = e.reaction;
  if (e.outcome === 'swapped' || e.gesture_id !== s.gesture) {
    // A swap; also an older log's decision that named another gesture without swapping first.
    next.gesture = e.gesture_id;
    next.value = e.value ?? s.corrected?.offered.find((g) => g.id === e.gesture_id)?.value ?? offeredValue(rec, e.gesture_id) ?? s.value;
    next.needs = e.needs_approval ?? (e.gesture_id === rec.gesture.id && rec.needs_approval);
    delete next.request;
    if (next.needs) next.request = e.gesture_id === rec.gesture.id && e.outcome !== 'swapped' ? rec.id : e.id;
    delete next.say;
    if (e.say !== undefined) next.say = e.say;
  }
  next.phase = e.outcome === 'swapped' ? 'recommended' : e.outcome;
  next.approval = approvalOf(next);
  return next;
}

export function replay(rec: EntryOf<'recommendation'>, related: Iterable<LogEntry>): RecoveryState {
  let s = initial(rec);
  for (const e of related) s = apply(rec, s, e);
  return s;
}

/** A decision as staff ask for it, with what the server found out about its gesture. */
export interface DecisionAsk {
  outcome: Outcome;
  gesture: string;
  reaction?: Reaction;
  correction: boolean;
}

export type Verdict =
  | { ok: true; same: boolean }
  | { ok: false; code: 'conflict' | 'invalid_payload'; message: string; path?: string };

/**
 * May this decision be logged now? `same` = it changes nothing (a retry, or the outcome
 * repeated): the caller answers with the decision already logged when there is one.
 * `label` names gestures in messages.
 */
export function judge(s: RecoveryState, ask: DecisionAsk, label: (id: string) => string = (id) => id): Verdict {
  const now = `"${label(s.gesture)}"`;
  const final = isFinal(s.phase);
  if (ask.outcome === 'swapped') {
    if (ask.gesture === s.gesture) return { ok: false, code: 'invalid_payload', path: 'gestureId', message: `gestureId: ${now} is already on the table; a swap needs another gesture` };
    if (s.verdicts[ask.gesture] === false) {
      return { ok: false, code: 'conflict', message: `a manager declined "${label(ask.gesture)}"; offer another gesture` };
    }
  } else {
    if (ask.gesture !== s.gesture) {
      return { ok: false, code: 'invalid_payload', path: 'gestureId', message: `gestureId: "${label(ask.gesture)}" is not on the table (${now} is); swap to it first with outcome "swapped"` };
    }
    const same = ask.outcome === s.phase && (ask.reaction === undefined || ask.reaction === s.reaction);
    if (same && !ask.correction) return { ok: true, same: true };
    // A reaction to the outcome already given is not a change of outcome.
    if (final && ask.outcome === s.phase && !ask.correction) return { ok: true, same: false };
  }
  if (final && !ask.correction) {
    return { ok: false, code: 'conflict', message: `the outcome is already "${s.phase}" for ${now}; to change it, send correction: { reason } saying why` };
  }
  if (!final && ask.correction) {
    return { ok: false, code: 'invalid_payload', path: 'correction', message: `correction: only a final outcome (accepted or declined) is corrected; ${now} is "${s.phase}", send the decision without a correction` };
  }
  if (ask.outcome === 'offered' || ask.outcome === 'accepted') {
    if (s.approval === 'pending') return { ok: false, code: 'conflict', message: `${now} is waiting for a manager's approval; wait for it, or swap to another gesture` };
    if (s.approval === 'declined') return { ok: false, code: 'conflict', message: `a manager declined ${now}; swap to another gesture instead` };
  }
  return { ok: true, same: false };
}

/** One readable step of a recovery's trail, for the console's entry detail. */
export interface TrailStep {
  id: string;
  at: string;
  who: string;
  /** "swapped", "offered", "accepted", "declined", "approval requested", "approved", "declined by manager", "reaction". */
  what: string;
  gesture: string;
  value: number;
  /** A correction's reason, or a manager's note. */
  why?: string;
  correction?: boolean;
}

export function trail(rec: EntryOf<'recommendation'>, related: readonly LogEntry[]): TrailStep[] {
  let s = initial(rec);
  const out: TrailStep[] = [
    { id: rec.id, at: rec.at, who: rec.actor.name, what: rec.needs_approval ? 'recommended, approval requested' : 'recommended', gesture: rec.gesture.id, value: rec.value },
  ];
  for (const e of related) {
    const before = s;
    s = apply(rec, s, e);
    if (e.type === 'approval' && e.ref === rec.id) {
      const g = e.gesture_id ?? rec.gesture.id;
      const step: TrailStep = { id: e.id, at: e.at, who: e.actor.name, what: e.approved ? 'approved' : 'declined by manager', gesture: g, value: e.value ?? offeredValue(rec, g) ?? 0 };
      if (e.note) step.why = e.note;
      out.push(step);
    } else if (e.type === 'correction' && e.ref === rec.id) {
      const what = `rule corrected: ${e.from_rule ?? 'fallback'} → ${e.rule_id}${e.needs_approval ? ', approval requested' : ''}`;
      out.push({ id: e.id, at: e.at, who: e.actor.name, what, gesture: e.gesture.id, value: e.value });
    } else if (e.type === 'decision' && e.ref === rec.id) {
      const reactionOnly = e.outcome !== 'swapped' && before.phase === e.outcome && e.reaction && !e.correction;
      let what: string = reactionOnly ? `reaction: ${e.reaction}` : e.outcome;
      if (e.outcome === 'swapped' && s.needs && s.approval === 'pending') what += ', approval requested';
      const step: TrailStep = { id: e.id, at: e.at, who: e.actor.name, what, gesture: s.gesture, value: s.value };
      if (e.correction) {
        step.correction = true;
        step.why = e.correction.reason;
      } else if (e.note) step.why = e.note;
      out.push(step);
    }
  }
  return out;
}
