/**
 * compileEngine: a validated rules document in, a fast pure recommender out.
 * Everything that can be decided once per file load (word index, rarity
 * weights, related words, typo neighbourhoods) is decided here; recommend()
 * only reads the request.
 *
 * @example
 *   const engine = compileEngine(doc, 'r-3f9a1c20b7d1');
 *   engine.recommend({ description: 'parts were never ordered', context: { wait_minutes: 1500 } });
 */
import type { RecommendInput, Recommendation } from '../contract/recommendation.ts';
import type { RulesEngine } from './engine.ts';
import type { RulesDoc } from './schema.ts';
import { words } from './normalize.ts';
import { negationScopes } from './negation.ts';
import { waitFromText } from './wait-from-text.ts';
import { buildTermIndex } from './term-index.ts';
import { TextMatcher } from './match-text.ts';
import { cachedLookup } from './word-lookup.ts';
import { contextOnlyOrder, rank } from './rank.ts';
import { chooseGesture } from './choose-gesture.ts';
import { wordsFor } from './say.ts';
import { explain } from './explain.ts';
import type { Facts } from './conditions.ts';
import { addExampleMatches, ExampleMatcher, type LearnSetup } from './example-match.ts';
import { toRuleLanguage } from './translate.ts';

/** Longer descriptions are cut here: nobody types more at a front desk, and it bounds the work. */
export const MAX_DESCRIPTION_CHARS = 2000;

/** The server validates requests; this only keeps a stray NaN or negative from skewing a decision. */
const usable = (n: number | undefined): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined);

const text = (s: string | undefined): string | undefined => (typeof s === 'string' && s !== '' ? s : undefined);

export function compileEngine(doc: RulesDoc, version: string, learn?: LearnSetup): RulesEngine {
  const index = buildTermIndex(doc.rules);
  const contextOnly = contextOnlyOrder(doc.rules);
  const matcher = new TextMatcher(index, cachedLookup(index));
  // Labelled examples (files, corrections, inherited corpus lines), when there are any to learn from.
  const examples = learn ? new ExampleMatcher(doc.rules, doc.language, learn) : null;

  function recommend(input: RecommendInput): Recommendation {
    const ctx = input.context ?? {};
    const description = typeof input.description === 'string' ? input.description : '';
    const ws = words(description.slice(0, MAX_DESCRIPTION_CHARS));
    const lang = examples ? examples.detect(ws, description) : doc.language;
    const mapped = lang !== doc.language && learn?.data ? toRuleLanguage(ws, lang, doc.language, learn.data, index) : null;
    const heardWords = mapped ? mapped.words : ws;
    const negatedBy = negationScopes(heardWords);
    const read_from_text: Recommendation['read_from_text'] = {};
    let wait = usable(ctx.wait_minutes);
    if (wait === undefined) {
      wait = waitFromText(ws);
      if (wait !== undefined) read_from_text.wait_minutes = wait;
    }
    const facts: Facts = { waitFromText: read_from_text.wait_minutes !== undefined, currency: doc.currency };
    if (wait !== undefined) facts.wait_minutes = wait;
    const paid = usable(ctx.amount_paid);
    if (paid !== undefined) facts.amount_paid = paid;
    const tier = text(ctx.customer_tier);
    const location = text(ctx.location);
    if (tier !== undefined) facts.customer_tier = tier;
    if (location !== undefined) facts.location = location;

    const textMatches = matcher.match(heardWords, negatedBy);
    const evidence = examples?.match(ws, lang, new Set(textMatches.keys()), mapped?.words);
    if (evidence && examples) addExampleMatches(textMatches, evidence, examples.tuning);
    const ranking = rank(doc.rules, textMatches, contextOnly, facts);
    const rule = ranking.winner ? doc.rules[ranking.winner.rule] : undefined;
    const langs = [text(ctx.lang), doc.language];
    const previous = usable(input.previous_recoveries) ?? 0;
    const choice = chooseGesture(doc, rule ? rule.offer : doc.fallback.offer, {
      ...(location !== undefined ? { location } : {}),
      ...(paid !== undefined ? { amount_paid: paid } : {}),
      previous_recoveries: previous,
      langs,
    });
    // Words belong to the gesture on the table: the rule's words go with its first offer only (see say.ts).
    const pick = choice.gesture.id;
    const say = wordsFor(rule ?? doc.fallback, doc.gestures[pick], pick, doc.fallback.say, langs);
    return {
      rule_id: rule ? rule.id : null,
      fallback: rule === undefined,
      gesture: choice.gesture,
      alternatives: choice.alternatives,
      say,
      needs_approval: choice.gesture.needs_approval,
      repeat: previous >= 1,
      rules_version: version,
      currency: doc.currency,
      read_from_text,
      explanation: explain(ranking, doc.rules, heardWords, choice.notes, { evidence, lang: lang !== doc.language ? lang : undefined, heard: mapped?.heard }),
    };
  }

  return { version, doc, recommend, learning: examples ? { inherited: examples.inherited, get examples() { return examples.size; } } : null };
}
