/**
 * Staff correct a recommendation in one step, and managers see what to change.
 *
 * - recovery:correct { requestId, ruleId }: re-recommends the request under the rule staff
 *   chose (same approval, cap and repeat logic), logs a `correction` entry linked to the
 *   recommendation, and that new recommendation is on the table (decide / approval apply to it;
 *   recovery-state.ts). The correction is learned at once: it goes into the ExampleBook every
 *   engine reads, so the next request on any socket benefits, with no restart and no file edit.
 *   At start the book is refilled from the log's correction entries.
 * - rules:list: the rules by label in the staff's language, for the picker.
 * - rules:suggest: what corrections say should change in the rules file (suggest-changes.ts).
 */
import type { CorrectRequest, CorrectResult, RuleChoice } from '../contract/events.ts';
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import type { RuleSuggestions } from '../contract/rule-suggestions.ts';
import { MakegoodError } from '../contract/errors.ts';
import { isFinal, replay } from '../contract/recovery-state.ts';
import type { ExampleBook } from '../rules/example-book.ts';
import { recommendUnder, ruleLabel } from '../rules/recommend-under.ts';
import { correctionFacts, suggestChanges } from '../rules/suggest-changes.ts';
import { didYouMean } from '../rules/suggest.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { recoveryView } from './approval-state.ts';
import { correctionBody } from './correction-view.ts';
import { InFlight, inflightKey } from './request-index.ts';

const DAY_MS = 86_400_000;

// Which correction entries each book already holds: a second app on the same rules source
// (tests, an embedding) must not learn them twice.
const learned = new WeakMap<ExampleBook, Set<string>>();

function learn(book: ExampleBook | null, e: EntryOf<'correction'>): void {
  if (!book) return;
  let seen = learned.get(book);
  if (!seen) learned.set(book, (seen = new Set()));
  if (seen.has(e.id)) return;
  seen.add(e.id);
  book.add({ text: e.description, rule_id: e.rule_id, source: { type: 'correction', by: e.actor.name, at: e.at, location: e.location } });
}

export function correctionFeature(ctx: AppContext): Feature {
  const book = ctx.examples;
  for (const row of ctx.store.rows({ type: 'correction' })) {
    const e = ctx.store.get(row.id);
    if (e?.type === 'correction') learn(book, e);
  }
  const off = ctx.events.on('entry:appended', (e) => {
    if (e.type === 'correction') learn(book, e);
  });
  const once = new InFlight<CorrectResult>();

  /** The recommendation this token logged under requestId (the first: a duplicate never changes it). */
  function recommendationOf(p: Principal, requestId: string): EntryOf<'recommendation'> {
    for (const e of ctx.store.findByRequestId(requestId)) {
      if (e.type === 'recommendation' && e.actor.token_id === p.token_id) return e;
    }
    throw new MakegoodError('not_found', `no recommendation for requestId "${requestId}" from this token; send recovery:recommend first`, 'requestId');
  }

  /** Earlier recoveries of the customer before this one, inside the repeat window (only read when the first answer said repeat). */
  function previousRecoveries(rec: EntryOf<'recommendation'>, days: number): number {
    const ref = rec.context?.customer_ref;
    if (!rec.repeat || typeof ref !== 'string') return 0;
    const at = Date.parse(rec.at);
    let n = 0;
    for (const row of ctx.store.rows({ type: 'recommendation' })) {
      if (row.customer_ref === ref && row.seq < rec.seq && row.at >= at - days * DAY_MS) n++;
    }
    return n;
  }

  function answer(rec: EntryOf<'recommendation'>, corr: EntryOf<'correction'>, related: readonly LogEntry[]): CorrectResult {
    const approvalAbove = ctx.rules().doc.approval_above;
    const state = replay(rec, related);
    const views = [corr.gesture, ...corr.alternatives].map((g) => ({ ...g, needs_approval: g.id === corr.gesture.id ? corr.needs_approval : g.value > approvalAbove }));
    const recommendation = {
      rule_id: corr.rule_id,
      fallback: false,
      gesture: views[0] as (typeof views)[number],
      alternatives: views.slice(1),
      say: corr.say,
      needs_approval: corr.needs_approval,
      repeat: corr.repeat,
      rules_version: corr.rules_version,
      read_from_text: {},
      explanation: corr.explanation,
      ...(corr.currency !== undefined ? { currency: corr.currency } : {}),
    };
    return {
      entry_id: rec.id,
      correction_id: corr.id,
      recommendation,
      approval: state.approval,
      state: recoveryView(rec, state, views, corr.say),
    };
  }

  async function correct(p: Principal, req: CorrectRequest): Promise<CorrectResult> {
    const rec = recommendationOf(p, req.requestId);
    const engine = ctx.rules();
    const ids = engine.doc.rules.map((r) => r.id);
    if (!ids.includes(req.ruleId)) {
      const hint = didYouMean(req.ruleId, ids);
      throw new MakegoodError('invalid_payload', `ruleId: no rule "${req.ruleId}" in the rules file${hint ? ` (${hint})` : ''}; rules:list gives the rules`, 'ruleId');
    }
    return once.run(inflightKey(p.token_id, req.requestId, req.ruleId), async () => {
      const related = ctx.store.related(rec.id);
      const state = replay(rec, related);
      const onTable = state.corrected?.rule_id ?? rec.rule_id;
      if (onTable === req.ruleId) {
        // A retry of the correction that put this rule on the table gets the same answer.
        const last = state.corrected ? ctx.store.get(state.corrected.id) : undefined;
        if (last?.type === 'correction' && last.actor.token_id === p.token_id) return answer(rec, last, related);
        throw new MakegoodError('invalid_payload', `ruleId: the recommendation is already under "${req.ruleId}"; choose another rule`, 'ruleId');
      }
      if (isFinal(state.phase)) {
        throw new MakegoodError('conflict', `the outcome is already "${state.phase}", so the gesture cannot change; correct the rule before the customer accepts or declines`);
      }
      const context = { ...rec.context, location: rec.location };
      const next = recommendUnder(
        engine,
        req.ruleId,
        { description: rec.description, context, previous_recoveries: previousRecoveries(rec, engine.doc.repeat.within_days) },
        onTable,
      );
      if (!next) throw new MakegoodError('invalid_payload', `ruleId: no rule "${req.ruleId}" in the rules file; rules:list gives the rules`, 'ruleId');
      const entry = await ctx.appendEntry(
        correctionBody({ rec, actor: { token_id: p.token_id, name: p.name, role: p.role }, fromRule: onTable, next }),
      );
      return answer(rec, entry, [...related, entry].filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i));
    });
  }

  function list(_p: Principal, req: { lang?: string }): RuleChoice[] {
    const doc = ctx.rules().doc;
    const langs = [req.lang, doc.language];
    return doc.rules.map((r) => ({ id: r.id, label: ruleLabel(r, langs) })).sort((a, b) => a.label.localeCompare(b.label));
  }

  function suggest(p: Principal): RuleSuggestions {
    const engine = ctx.rules();
    const pairs: Array<{ correction: EntryOf<'correction'>; recommendation?: EntryOf<'recommendation'> }> = [];
    for (const row of ctx.store.rows({ type: 'correction' })) {
      if (!ctx.oversees(p, row.location)) continue;
      const e = ctx.store.get(row.id);
      if (e?.type !== 'correction') continue;
      const r = ctx.store.get(e.ref);
      pairs.push(r?.type === 'recommendation' ? { correction: e, recommendation: r } : { correction: e });
    }
    const facts = correctionFacts(pairs);
    return {
      corrections: facts.length,
      rules_version: engine.version,
      suggestions: suggestChanges({
        corrections: facts,
        rules: engine.doc.rules,
        ruleFor: (text, context, previous) => engine.recommend({ description: text, context, ...(previous !== undefined ? { previous_recoveries: previous } : {}) }).rule_id,
      }),
    };
  }

  return {
    name: 'correction',
    handlers: { 'recovery:correct': correct, 'rules:list': list, 'rules:suggest': suggest },
    close: off,
  };
}
