/**
 * Between a rule correction and the log: what gets logged when staff choose another rule,
 * and the recommendation on the table rebuilt from that entry (for a retry or a reload).
 */
import type { Actor, CorrectionBody, EntryOf, LoggedGesture } from '../contract/log-entry.ts';
import type { GestureView, Recommendation } from '../contract/recommendation.ts';
import type { RecoveryState } from '../contract/recovery-state.ts';
import type { RecoveryLogStore } from '../log/store.ts';

const logged = (g: GestureView): LoggedGesture => ({ id: g.id, label: g.label, value: g.value, kind: g.kind });

export function correctionBody(args: {
  rec: EntryOf<'recommendation'>;
  actor: Actor;
  fromRule: string | null;
  next: Recommendation;
}): CorrectionBody {
  const { rec, next } = args;
  const body: CorrectionBody = {
    type: 'correction',
    ref: rec.id,
    request_id: rec.request_id,
    actor: args.actor,
    location: rec.location,
    // Already redacted when the recommendation was logged.
    description: rec.description,
    engine_rule: rec.rule_id,
    from_rule: args.fromRule,
    rule_id: next.rule_id as string,
    rules_version: next.rules_version,
    gesture: logged(next.gesture),
    alternatives: next.alternatives.map(logged),
    value: next.gesture.value,
    needs_approval: next.needs_approval,
    repeat: next.repeat,
    say: next.say,
    explanation: next.explanation,
  };
  if (next.currency !== undefined) body.currency = next.currency;
  return body;
}

/** The recommendation a correction put on the table. Alternatives' approval flags use the current threshold. */
export function recommendationFromCorrection(e: EntryOf<'correction'>, approvalAbove: number): Recommendation {
  const view = (g: LoggedGesture, needs: boolean): GestureView => ({ ...g, needs_approval: needs });
  const rec: Recommendation = {
    rule_id: e.rule_id,
    fallback: false,
    gesture: view(e.gesture, e.needs_approval),
    alternatives: e.alternatives.map((g) => view(g, g.value > approvalAbove)),
    say: e.say,
    needs_approval: e.needs_approval,
    repeat: e.repeat,
    rules_version: e.rules_version,
    read_from_text: {},
    explanation: e.explanation,
  };
  if (e.currency !== undefined) rec.currency = e.currency;
  return rec;
}

/** The corrected recommendation on the table, when staff corrected the rule; undefined otherwise. */
export function recommendationOnTable(store: Pick<RecoveryLogStore, 'get'>, s: RecoveryState, approvalAbove: number): Recommendation | undefined {
  if (!s.corrected) return undefined;
  const e = store.get(s.corrected.id);
  return e?.type === 'correction' ? recommendationFromCorrection(e, approvalAbove) : undefined;
}
