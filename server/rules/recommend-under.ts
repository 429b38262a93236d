/**
 * A recommendation under a rule staff chose ("Not the right problem?"): the same gesture
 * choice as when the rule fires by itself (offer order, only_at, the value cap, repeat
 * escalation, the approval threshold) and the same words, with an explanation that says
 * staff chose the rule. Pure: the engine's doc and a request in, a recommendation out.
 */
import type { Recommendation, RecommendInput } from '../contract/recommendation.ts';
import type { RulesEngine } from './engine.ts';
import type { RuleDef } from './schema.ts';
import { chooseGesture } from './choose-gesture.ts';
import { pickSay, wordsFor } from './say.ts';

const text = (s: unknown): string | undefined => (typeof s === 'string' && s !== '' ? s : undefined);
const usable = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined);

/** What staff read for a rule: its label in their language, else its id made readable ("parts-not-ordered" → "Parts not ordered"). */
export function ruleLabel(rule: Pick<RuleDef, 'id' | 'label'>, langs: ReadonlyArray<string | undefined>): string {
  const own = pickSay(rule.label, langs);
  if (own && own.trim() !== '') return own;
  const words = rule.id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * `engineRule` is the rule on the table before (null: the fallback), for the explanation.
 * Returns null when the rules file has no rule `ruleId`.
 */
export function recommendUnder(engine: RulesEngine, ruleId: string, input: RecommendInput, engineRule: string | null): Recommendation | null {
  const doc = engine.doc;
  const rule = doc.rules.find((r) => r.id === ruleId);
  if (!rule) return null;
  const ctx = input.context ?? {};
  const location = text(ctx.location);
  const paid = usable(ctx.amount_paid);
  const previous = usable(input.previous_recoveries) ?? 0;
  const langs = [text(ctx.lang), doc.language];
  const choice = chooseGesture(doc, rule.offer, {
    ...(location !== undefined ? { location } : {}),
    ...(paid !== undefined ? { amount_paid: paid } : {}),
    previous_recoveries: previous,
    langs,
  });
  const pick = choice.gesture.id;
  const rec: Recommendation = {
    rule_id: rule.id,
    fallback: false,
    gesture: choice.gesture,
    alternatives: choice.alternatives,
    say: wordsFor(rule, doc.gestures[pick], pick, doc.fallback.say, langs),
    needs_approval: choice.gesture.needs_approval,
    repeat: previous >= 1,
    rules_version: engine.version,
    read_from_text: {},
    explanation: {
      matched: [],
      conditions: [],
      score: { text: 0, priority: rule.priority, total: 0 },
      notes: [`chosen by staff instead of ${engineRule === null ? 'the fallback' : `"${engineRule}"`}`, ...choice.notes],
    },
  };
  if (doc.currency !== undefined) rec.currency = doc.currency;
  return rec;
}
