/**
 * recovery:recommend and recovery:decide for staff. A requestId is the client's
 * idempotency key: a retry (same token, same id) gets the stored answer and
 * appends nothing, also after a restart (the log store finds earlier answers) and
 * while the first attempt is still in flight.
 */
import type { DecideRequest, DecideResult, RecommendRequest, RecommendResult, RecoveryView } from '../contract/events.ts';
import type { Actor, EntryOf } from '../contract/log-entry.ts';
import type { RecommendContext, Recommendation } from '../contract/recommendation.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { redact } from '../log/redact.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { apply, judge, offeredNow, replay, type RecoveryState } from '../contract/recovery-state.ts';
import { checkGesture } from '../rules/choose-gesture.ts';
import { wordsFor } from '../rules/say.ts';
import { recoveryState, recoveryView } from './approval-state.ts';
import { RequestIndex, InFlight, inflightKey } from './request-index.ts';
import { recommendationBody, recommendationFromEntry } from './recommendation-view.ts';
import { recommendationOnTable } from './correction-view.ts';

const ANSWER_CACHE = 2000;

const actorOf = (p: Principal): Actor => ({ token_id: p.token_id, name: p.name, role: p.role });

/** Context fields that hold ids or codes, not free text: kept as they are. */
const NOT_FREE_TEXT = new Set(['customer_ref', 'customer_tier', 'lang', 'location']);

/** Free-text context values are redacted like the description; ids and numbers are kept. */
function cleanContext(context: RecommendContext | undefined, location: string): RecommendContext {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context ?? {})) {
    if (v === undefined) continue;
    out[k] = typeof v === 'string' && !NOT_FREE_TEXT.has(k) ? redact(v) : v;
  }
  // Staff work at one location: the token says where, not the client.
  out.location = location;
  return out as RecommendContext;
}

export function recoveryFeature(ctx: AppContext): Feature {
  const index = new RequestIndex(ctx.store);
  const off = ctx.events.on('entry:appended', (entry) => index.add(entry));
  const recommendOnce = new InFlight<RecommendResult>();
  const decideOnce = new InFlight<DecideResult>();
  // Per recommendation, the tail of its decisions being judged and logged.
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(recId: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(recId) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => {});
    queues.set(recId, tail);
    void tail.then(() => queues.get(recId) === tail && queues.delete(recId));
    return run;
  }
  // Exact answers given in this process (e.g. gesture-specific words); older ones are rebuilt from the log.
  const answers = new Map<string, Recommendation>();

  function answerFor(entry: EntryOf<'recommendation'>): RecommendResult {
    const state = recoveryState(ctx.store, entry);
    // After a rule correction the corrected recommendation is the one on the table.
    const recommendation = recommendationOnTable(ctx.store, state, ctx.rules().doc.approval_above) ?? answers.get(entry.id) ?? recommendationFromEntry(entry, ctx.rules().doc.approval_above);
    return { entry_id: entry.id, recommendation, approval: state.approval, state: viewOf(entry, state) };
  }

  function viewOf(rec: EntryOf<'recommendation'>, state: RecoveryState): RecoveryView {
    const answer = recommendationOnTable(ctx.store, state, ctx.rules().doc.approval_above) ?? answers.get(rec.id) ?? recommendationFromEntry(rec, ctx.rules().doc.approval_above);
    return recoveryView(rec, state, [answer.gesture, ...answer.alternatives], answer.say);
  }

  async function recommend(p: Principal, req: RecommendRequest): Promise<RecommendResult> {
    const done = index.recommendation(p.token_id, req.requestId);
    if (done) return answerFor(done);
    return recommendOnce.run(inflightKey(p.token_id, req.requestId), async () => {
      const location = p.locations[0] ?? 'unknown';
      const engine = ctx.rules();
      const context = cleanContext(req.context, location);
      const rec = engine.recommend({
        description: req.description,
        context: { ...req.context, location },
        previous_recoveries: index.previousRecoveries(req.context?.customer_ref, engine.doc.repeat.within_days, Date.now()),
      });
      const entry = await ctx.appendEntry(
        recommendationBody({ requestId: req.requestId, actor: actorOf(p), location, description: redact(req.description), context, rec }),
      );
      answers.set(entry.id, rec);
      if (answers.size > ANSWER_CACHE) answers.delete(answers.keys().next().value as string);
      const approval = rec.needs_approval ? 'pending' : 'not_needed';
      return {
        entry_id: entry.id,
        recommendation: rec,
        approval,
        state: { gesture: rec.gesture, say: rec.say, phase: 'recommended', approval },
      };
    });
  }

  /** The limits and words for a gesture put on the table by a swap, under the rules as they are now. */
  function swapTo(rec: EntryOf<'recommendation'>, gestureId: string, value: number, ruleId = rec.rule_id): { needs: boolean; say: string } {
    const doc = ctx.rules().doc;
    const check = checkGesture(doc, gestureId, value, { location: rec.location, amount_paid: rec.context?.amount_paid });
    if (check.refusal) throw new MakegoodError('conflict', `${check.refusal}; offer another gesture`, 'gestureId');
    // Forced to approval when first recommended (nothing fit the limits): stays so.
    const needs = check.needs_approval || (gestureId === rec.gesture.id && rec.needs_approval);
    const rule = ruleId ? doc.rules.find((r) => r.id === ruleId) : undefined;
    const langs = [typeof rec.context?.lang === 'string' ? rec.context.lang : undefined, doc.language];
    const say = wordsFor(rule ?? doc.fallback, doc.gestures[gestureId], gestureId, doc.fallback.say, langs);
    return { needs, say };
  }

  async function decide(p: Principal, req: DecideRequest): Promise<DecideResult> {
    const rec = index.recommendation(p.token_id, req.requestId);
    if (!rec) throw new MakegoodError('not_found', `no recommendation for requestId "${req.requestId}" from this token; send recovery:recommend first`, 'requestId');
    const related = ctx.store.related(rec.id);
    const state = replay(rec, related);
    // Without a gestureId the decision is about the gesture on the table.
    const gestureId = req.gestureId ?? state.gesture;
    const reason = req.correction ? redact(req.correction.reason.trim()) : undefined;
    const decisions = related.filter((e): e is EntryOf<'decision'> => e.type === 'decision' && e.ref === rec.id);
    const same = (e: EntryOf<'decision'>) =>
      e.outcome === req.outcome &&
      e.gesture_id === gestureId &&
      (e.reaction ?? null) === (req.reaction ?? null) &&
      (e.correction?.reason ?? null) === (reason ?? null) &&
      e.actor.token_id === p.token_id;
    // A retry of the last decision gets its answer and logs nothing.
    const last = decisions[decisions.length - 1];
    if (last && same(last)) return { entry_id: last.id, state: viewOf(rec, state) };

    const offered = offeredNow(rec, state);
    const target = offered.find((g) => g.id === gestureId);
    if (!target) {
      throw new MakegoodError('invalid_payload', `gestureId: "${gestureId}" was not recommended; choose one of ${offered.map((g) => g.id).join(', ')}`, 'gestureId');
    }
    const label = (id: string) => offered.find((g) => g.id === id)?.label ?? id;
    const verdict = judge(state, { outcome: req.outcome, gesture: gestureId, ...(req.reaction ? { reaction: req.reaction } : {}), correction: reason !== undefined }, label);
    if (!verdict.ok) throw new MakegoodError(verdict.code, verdict.message, verdict.path);
    if (verdict.same) {
      const like = [...decisions].reverse().filter((e) => e.outcome === req.outcome && e.gesture_id === gestureId);
      const earlier = like.find((e) => (e.reaction ?? null) === (req.reaction ?? null)) ?? like[0];
      if (earlier) return { entry_id: earlier.id, state: viewOf(rec, state) };
    }
    const swap = req.outcome === 'swapped' ? swapTo(rec, gestureId, target.value, state.corrected?.rule_id ?? rec.rule_id) : undefined;

    return decideOnce.run(inflightKey(p.token_id, req.requestId, req.outcome, gestureId, req.reaction ?? '', reason ?? ''), () => oneAtATime(rec.id, async () => {
      // Two different decisions racing: one recovery's decisions are judged and logged one at a time, the second against the first.
      const now = replay(rec, ctx.store.related(rec.id));
      const lastNow = ctx.store.related(rec.id).filter((e): e is EntryOf<'decision'> => e.type === 'decision' && e.ref === rec.id).pop();
      if (lastNow && same(lastNow)) return { entry_id: lastNow.id, state: viewOf(rec, now) };
      const again = judge(now, { outcome: req.outcome, gesture: gestureId, ...(req.reaction ? { reaction: req.reaction } : {}), correction: reason !== undefined }, label);
      if (!again.ok) throw new MakegoodError(again.code, again.message, again.path);
      if (again.same && lastNow) return { entry_id: lastNow.id, state: viewOf(rec, now) };
      const entry = await ctx.appendEntry({
        type: 'decision',
        ref: rec.id,
        request_id: req.requestId,
        actor: actorOf(p),
        location: rec.location,
        outcome: req.outcome,
        gesture_id: gestureId,
        value: target.value,
        ...(swap ? { needs_approval: swap.needs, say: swap.say } : {}),
        ...(req.reaction ? { reaction: req.reaction } : {}),
        ...(req.note?.trim() ? { note: redact(req.note.trim()) } : {}),
        ...(reason !== undefined ? { correction: { reason } } : {}),
      });
      return { entry_id: entry.id, state: viewOf(rec, apply(rec, now, entry)) };
    }));
  }

  return {
    name: 'recovery',
    handlers: { 'recovery:recommend': recommend, 'recovery:decide': decide },
    close: off,
  };
}
