/**
 * recovery:recommend and recovery:decide for staff. A requestId is the client's
 * idempotency key: a retry (same token, same id) gets the stored answer and
 * appends nothing, also after a restart (the log store finds earlier answers) and
 * while the first attempt is still in flight.
 */
import type { DecideRequest, DecideResult, RecommendRequest, RecommendResult } from '../contract/events.ts';
import type { Actor, EntryOf, Outcome } from '../contract/log-entry.ts';
import type { RecommendContext, Recommendation } from '../contract/recommendation.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { redact } from '../log/redact.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { approvalState } from './approval-state.ts';
import { RequestIndex, InFlight, inflightKey, type DecisionKey } from './request-index.ts';
import { recommendationBody, recommendationFromEntry } from './recommendation-view.ts';

/** Outcomes that hand the gesture to the customer: they wait for a manager when approval is needed. */
const GIVING: readonly Outcome[] = ['offered', 'accepted', 'swapped'];
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
  // Exact answers given in this process (e.g. gesture-specific words); older ones are rebuilt from the log.
  const answers = new Map<string, Recommendation>();

  function answerFor(entry: EntryOf<'recommendation'>): RecommendResult {
    const recommendation = answers.get(entry.id) ?? recommendationFromEntry(entry, ctx.rules().doc.approval_above);
    return { entry_id: entry.id, recommendation, approval: approvalState(ctx.store, entry) };
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
      return { entry_id: entry.id, recommendation: rec, approval: rec.needs_approval ? 'pending' : 'not_needed' };
    });
  }

  async function decide(p: Principal, req: DecideRequest): Promise<DecideResult> {
    const rec = index.recommendation(p.token_id, req.requestId);
    if (!rec) throw new MakegoodError('not_found', `no recommendation for requestId "${req.requestId}" from this token; send recovery:recommend first`, 'requestId');
    const gestureId = req.gestureId ?? rec.gesture.id;
    const key: DecisionKey = { outcome: req.outcome, gesture_id: gestureId, ...(req.reaction ? { reaction: req.reaction } : {}) };
    const done = index.decision(rec, p.token_id, key);
    if (done) return { entry_id: done.id };
    const offered = [rec.gesture, ...rec.alternatives];
    if (!offered.some((g) => g.id === gestureId)) {
      throw new MakegoodError('invalid_payload', `gestureId: "${gestureId}" was not recommended; choose one of ${offered.map((g) => g.id).join(', ')}`, 'gestureId');
    }
    if (req.outcome === 'swapped' && gestureId === rec.gesture.id) {
      throw new MakegoodError('invalid_payload', 'gestureId: "swapped" needs the alternative that was given instead', 'gestureId');
    }
    if (rec.needs_approval && gestureId === rec.gesture.id && GIVING.includes(req.outcome)) {
      const state = approvalState(ctx.store, rec);
      if (state === 'pending') throw new MakegoodError('conflict', `"${rec.gesture.label}" is waiting for a manager's approval`);
      if (state === 'declined') throw new MakegoodError('conflict', `a manager declined "${rec.gesture.label}"; offer an alternative instead`);
    }
    return decideOnce.run(inflightKey(p.token_id, req.requestId, req.outcome, gestureId, req.reaction ?? ''), async () => {
      const again = index.decision(rec, p.token_id, key);
      if (again) return { entry_id: again.id };
      const entry = await ctx.appendEntry({
        type: 'decision',
        ref: rec.id,
        request_id: req.requestId,
        actor: actorOf(p),
        location: rec.location,
        outcome: req.outcome,
        gesture_id: gestureId,
        ...(req.reaction ? { reaction: req.reaction } : {}),
        ...(req.note?.trim() ? { note: redact(req.note.trim()) } : {}),
      });
      return { entry_id: entry.id };
    });
  }

  return {
    name: 'recovery',
    handlers: { 'recovery:recommend': recommend, 'recovery:decide': decide },
    close: off,
  };
}
