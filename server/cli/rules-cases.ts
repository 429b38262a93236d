/**
 * Example cases for a rules file: one JSON object per line,
 *   {"text": "parts were never ordered", "expect": "parts-not-ordered", "wait": 1500}
 * Parsing and running are pure so the CLI and CI's test share them.
 */
import { z } from 'zod';
import type { RecommendInput, Recommendation } from '../contract/recommendation.ts';
import type { RulesEngine } from '../rules/index.ts';
import { didYouMean } from '../rules/suggest.ts';

const caseSchema = z
  .object({
    text: z.string().trim().min(1, 'must not be empty'),
    expect: z.string().min(1, 'name a rule id, or "fallback"'),
    /** Optional: the gesture id expected too (checks only_at, value cap, repeat). */
    gesture: z.string().min(1).optional(),
    wait: z.number().nonnegative('must be zero or more').optional(),
    tier: z.string().min(1).optional(),
    location: z.string().min(1).optional(),
    paid: z.number().nonnegative('must be zero or more').optional(),
    customer: z.string().min(1).optional(),
    /** Earlier recoveries of this customer inside the repeat window. */
    previous: z.number().int().nonnegative().optional(),
    lang: z.string().min(2).optional(),
    /** Free text for whoever reads the file: why this case is here. */
    note: z.string().optional(),
  })
  .strict();

export type Case = z.infer<typeof caseSchema> & { line: number };

export interface CaseProblem {
  line: number;
  message: string;
}

const CASE_KEYS = Object.keys(caseSchema.shape);

/** Parses the file; bad lines become problems (`cases.jsonl:7: …`), good ones cases. Blank lines are skipped. */
export function parseCases(text: string, ruleIds: readonly string[], gestureIds: readonly string[]): { cases: Case[]; problems: CaseProblem[] } {
  const cases: Case[] = [];
  const problems: CaseProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      problems.push({ line, message: 'expected an object like {"text": "...", "expect": "rule-id"}' });
      return;
    }
    const parsed = caseSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            const hint = didYouMean(key, CASE_KEYS);
            problems.push({ line, message: `unknown field "${key}"${hint ? ` (${hint})` : ''}` });
          }
        } else if (issue.code === 'invalid_type' && (json as Record<string, unknown>)[String(issue.path[0])] === undefined) {
          problems.push({ line, message: `missing required field "${issue.path.join('.')}"` });
        } else {
          const field = issue.path.join('.');
          problems.push({ line, message: `${field ? `${field}: ` : ''}${issue.message}` });
        }
      }
      return;
    }
    const c = parsed.data;
    if (c.expect !== 'fallback' && !ruleIds.includes(c.expect)) {
      const hint = didYouMean(c.expect, [...ruleIds, 'fallback']);
      problems.push({ line, message: `expect: no rule "${c.expect}" in the rules file${hint ? ` (${hint})` : ''}` });
      return;
    }
    if (c.gesture !== undefined && !gestureIds.includes(c.gesture)) {
      const hint = didYouMean(c.gesture, gestureIds);
      problems.push({ line, message: `gesture: no gesture "${c.gesture}" in the rules file${hint ? ` (${hint})` : ''}` });
      return;
    }
    cases.push({ ...c, line });
  });
  return { cases, problems };
}

export function caseInput(c: Case): RecommendInput {
  const context: NonNullable<RecommendInput['context']> = {};
  if (c.wait !== undefined) context.wait_minutes = c.wait;
  if (c.tier !== undefined) context.customer_tier = c.tier;
  if (c.location !== undefined) context.location = c.location;
  if (c.paid !== undefined) context.amount_paid = c.paid;
  if (c.customer !== undefined) context.customer_ref = c.customer;
  if (c.lang !== undefined) context.lang = c.lang;
  const input: RecommendInput = { description: c.text, context };
  if (c.previous !== undefined) input.previous_recoveries = c.previous;
  return input;
}

export interface CaseResult {
  case: Case;
  got: string;
  gotGesture: string;
  pass: boolean;
  recommendation: Recommendation;
}

export function runCases(engine: RulesEngine, cases: readonly Case[]): CaseResult[] {
  return cases.map((c) => {
    const recommendation = engine.recommend(caseInput(c));
    const got = recommendation.fallback ? 'fallback' : (recommendation.rule_id ?? 'fallback');
    const gotGesture = recommendation.gesture.id;
    const pass = got === c.expect && (c.gesture === undefined || c.gesture === gotGesture);
    return { case: c, got, gotGesture, pass, recommendation };
  });
}
