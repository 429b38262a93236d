/**
 * Ranks the rules a request touched.
 *
 * Text relevance first: a rule's text score is the sum of its matched phrases'
 * scores (rarer words, longer phrases, closer matches score more), counting
 * each typed word once per rule — a rule listing "broken shower", "shower" and
 * "broken" gets no triple credit for the same two words.
 *
 * total = text + PRIORITY_WEIGHT × priority. A priority point is worth a
 * twentieth of one rare word, so priority settles near-ties, and a large
 * priority (up to 100 = five rare words) lets a manager force a rule ahead.
 *
 * Rules with no text match (only context conditions, e.g. wait time) rank
 * below every rule with a text match, unless their priority is higher than
 * that rule's priority.
 */
import type { RuleDef } from './schema.ts';
import type { TermMatch } from './match-text.ts';
import { round } from './match-text.ts';
import { checkConditions, type Facts } from './conditions.ts';

export const PRIORITY_WEIGHT = 0.05;

export interface Scored {
  rule: number;
  matches: TermMatch[];
  text: number;
  priority: number;
  total: number;
  held: string[];
}

export interface Rejected {
  rule: number;
  text: number;
  failed: string;
}

export interface Ranking {
  winner: Scored | null;
  /** The next best rule that could have fired. */
  second: Scored | null;
  /** The best text-matched rule whose conditions did not hold (explains near misses). */
  bestRejected: Rejected | null;
}

/** Accepts phrases best first, skipping any that reuse a typed word already counted. */
function textScore(matches: TermMatch[]): { text: number; kept: TermMatch[] } {
  const sorted = [...matches].sort((a, b) => b.matched.score - a.matched.score || a.term.id - b.term.id);
  const used = new Set<number>();
  const kept: TermMatch[] = [];
  let text = 0;
  for (const m of sorted) {
    if (m.tokens.some((t) => used.has(t))) continue;
    for (const t of m.tokens) used.add(t);
    kept.push(m);
    text += m.matched.score;
  }
  return { text: round(text), kept };
}

/** Higher total first; then higher priority; then the rule written first in the file. */
function better(a: Scored, b: Scored): number {
  return b.total - a.total || b.priority - a.priority || a.rule - b.rule;
}

export function rank(
  rules: readonly RuleDef[],
  textMatches: Map<number, TermMatch[]>,
  contextOnly: readonly number[],
  facts: Facts,
): Ranking {
  const texted: Scored[] = [];
  const bare: Scored[] = [];
  let bestRejected: Rejected | null = null;
  const consider = (r: number, matches: TermMatch[]): void => {
    const rule = rules[r] as RuleDef;
    const { text, kept } = textScore(matches);
    const check = checkConditions(rule.when, facts);
    if (!check.ok) {
      if (text > 0 && (!bestRejected || text > bestRejected.text)) bestRejected = { rule: r, text, failed: check.failed };
      return;
    }
    const s: Scored = { rule: r, matches: kept, text, priority: rule.priority, total: round(text + PRIORITY_WEIGHT * rule.priority), held: check.held };
    (text > 0 ? texted : bare).push(s);
  };
  for (const [r, matches] of textMatches) consider(r, matches);
  for (const r of contextOnly) consider(r, []);
  texted.sort(better);
  bare.sort(better);

  const t0 = texted[0] ?? null;
  const b0 = bare[0] ?? null;
  let winner: Scored | null;
  let second: Scored | null;
  if (t0 && b0) {
    if (b0.priority > t0.priority) {
      winner = b0;
      second = t0;
    } else {
      winner = t0;
      const t1 = texted[1];
      // The runner-up is whichever would have won without the winner.
      second = t1 && !(b0.priority > t1.priority) ? t1 : b0;
    }
  } else {
    winner = t0 ?? b0;
    second = (t0 ? texted[1] : bare[1]) ?? null;
  }
  return { winner, second, bestRejected };
}
