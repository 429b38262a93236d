/**
 * Between the recommender's answer and the log: what gets logged for a
 * recommendation, and the answer rebuilt from a logged entry (for a retry).
 */
import type { Actor, EntryOf, LoggedGesture, RecommendationBody } from '../contract/log-entry.ts';
import type { GestureView, RecommendContext, Recommendation } from '../contract/recommendation.ts';

const logged = (g: GestureView): LoggedGesture => ({ id: g.id, label: g.label, value: g.value, kind: g.kind });

export function recommendationBody(args: {
  requestId: string;
  actor: Actor;
  location: string;
  description: string;
  context: RecommendContext;
  rec: Recommendation;
}): RecommendationBody {
  const { rec } = args;
  const body: RecommendationBody = {
    type: 'recommendation',
    request_id: args.requestId,
    actor: args.actor,
    location: args.location,
    description: args.description,
    context: args.context,
    rules_version: rec.rules_version,
    rule_id: rec.rule_id,
    fallback: rec.fallback,
    gesture: logged(rec.gesture),
    alternatives: rec.alternatives.map(logged),
    value: rec.gesture.value,
    needs_approval: rec.needs_approval,
    repeat: rec.repeat,
    explanation: rec.explanation,
    say: rec.say,
    read_from_text: rec.read_from_text,
  };
  // Only defined keys: undefined has no canonical JSON form.
  if (rec.currency !== undefined) body.currency = rec.currency;
  return body;
}

/** The answer as first given, from the log. Alternatives' approval flags use the current threshold. */
export function recommendationFromEntry(entry: EntryOf<'recommendation'>, approvalAbove: number): Recommendation {
  const view = (g: LoggedGesture, needs: boolean): GestureView => ({ ...g, needs_approval: needs });
  const rec: Recommendation = {
    rule_id: entry.rule_id,
    fallback: entry.fallback,
    gesture: view(entry.gesture, entry.needs_approval),
    alternatives: entry.alternatives.map((g) => view(g, g.value > approvalAbove)),
    say: entry.say ?? '',
    needs_approval: entry.needs_approval,
    repeat: entry.repeat,
    rules_version: entry.rules_version,
    read_from_text: entry.read_from_text ?? {},
    explanation: entry.explanation,
  };
  if (entry.currency !== undefined) rec.currency = entry.currency;
  return rec;
}
