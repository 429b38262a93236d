/**
 * Builders for tiny rules documents in matcher tests: only what a test is
 * about is spelled out, the rest takes the schema's defaults.
 */
import { rulesDocSchema, type GestureDef, type RuleDef, type RulesDoc } from '../../server/rules/schema.ts';
import { compileEngine } from '../../server/rules/compile.ts';
import type { RulesEngine } from '../../server/rules/engine.ts';
import type { RecommendContext, Recommendation } from '../../server/contract/recommendation.ts';

export type RuleSpec = Omit<Partial<RuleDef>, 'when'> & { id: string; when: RuleDef['when'] };

/** A rule: offers coffee unless told otherwise. */
export function rule(id: string, when: RuleDef['when'], extra: Partial<Omit<RuleDef, 'id' | 'when'>> = {}): RuleSpec {
  return { id, when, offer: ['coffee'], priority: 0, ...extra };
}

/** A rule that only mentions words. */
export function mentions(id: string, words: string[], extra: Partial<Omit<RuleDef, 'id' | 'when'>> = {}): RuleSpec {
  return rule(id, { mentions: words }, extra);
}

export const GESTURES: Record<string, GestureDef> = {
  coffee: { label: 'Coffee and a snack on us', value: 8, kind: 'attention' },
  lunch: { label: 'Lunch in our lobby café', value: 20, kind: 'attention', only_at: ['pasadena'] },
  dessert: { label: 'Dessert on the house', value: 12, kind: 'attention' },
  refund: { label: 'Refund of the item', value: 30, kind: 'money' },
  loaner: { label: 'Complimentary loaner car', value: 90, kind: 'redo' },
};

export interface DocSpec {
  rules: RuleSpec[];
  gestures?: Record<string, GestureDef>;
  approval_above?: number;
  value_cap_percent?: number;
  language?: string;
  fallback?: RulesDoc['fallback'];
}

/** A validated document, parsed through the real schema so defaults apply. */
export function doc(spec: DocSpec): RulesDoc {
  return rulesDocSchema.parse({
    gestures: spec.gestures ?? GESTURES,
    rules: spec.rules,
    fallback: spec.fallback ?? { offer: ['coffee'], say: "I'm sorry about this. Let me make it right." },
    ...(spec.approval_above !== undefined ? { approval_above: spec.approval_above } : {}),
    ...(spec.value_cap_percent !== undefined ? { value_cap_percent: spec.value_cap_percent } : {}),
    ...(spec.language !== undefined ? { language: spec.language } : {}),
  });
}

export function engine(spec: DocSpec | RuleSpec[]): RulesEngine {
  return compileEngine(doc(Array.isArray(spec) ? { rules: spec } : spec), 'r-test00000000');
}

/** Recommend with a description and optional context in one call. */
export function ask(e: RulesEngine, description: string, context: RecommendContext = {}, previous_recoveries?: number): Recommendation {
  return e.recommend({ description, context, ...(previous_recoveries !== undefined ? { previous_recoveries } : {}) });
}
