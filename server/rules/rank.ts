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
import { round, type TermMatch } from './align.ts';
import { checkConditions, holds, type Facts } from './conditions.ts';

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
  total: number;
  failed: string;
}

export interface Ranking {
  winner: Scored | null;
  /** The next best rule that could have fired. */
  second: Scored | null;
  /** The best text-matched rule whose conditions did not hold (explains near misses), if it ranked above `second`. */
  bestRejected: Rejected | null;
}

/**
 * Accepts phrases best first, skipping any that reuse a typed word already
 * counted. A typed word this rule matched directly (exact, stem, typo) is never
 * credited through a related word instead: "waited" is the rule's "wait", not its "queue".
 */
function textScore(matches: TermMatch[]): { text: number; kept: TermMatch[] } {
  if (matches.length === 1) return { text: round((matches[0] as TermMatch).score), kept: matches };
  const direct = new Set<number>();
  for (const m of matches) m.tokens.forEach((t, k) => m.hows[k] !== 'related' && direct.add(t));
  const viaDirect = (m: TermMatch): boolean => m.tokens.some((t, k) => m.hows[k] === 'related' && direct.has(t));
  const sorted = matches.filter((m) => !viaDirect(m)).sort((a, b) => b.score - a.score || a.term.id - b.term.id);
  const used = new Set<number>();
  const kept: TermMatch[] = [];
  let text = 0;
  for (const m of sorted) {
    if (m.tokens.some((t) => used.has(t))) continue;
    for (const t of m.tokens) used.add(t);
    kept.push(m);
    text += m.score;
  }
  return { text: round(text), kept };
}

/** Higher total first; then higher priority; then the rule written first in the file. */
function better(a: Scored, b: Scored): number {
  return b.total - a.total || b.priority - a.priority || a.rule - b.rule;
}

/**
 * Walks candidates best first and checks conditions only until two rules
 * hold, so a request touching many rules checks few of them. Words are only
 * made for the rules the explanation shows.
 */
function bestTwo(cands: readonly Scored[], rules: readonly RuleDef[], facts: Facts, rejected: { best: Rejected | null }): Scored[] {
  const out: Scored[] = [];
  for (const c of cands) {
    const when = (rules[c.rule] as RuleDef).when;
    if (holds(when, facts)) {
      const check = checkConditions(when, facts);
      out.push({ ...c, held: check.ok ? check.held : [] }); // a copy: context-only entries are shared
      if (out.length === 2) break;
    } else if (c.text > 0 && (!rejected.best || c.total > rejected.best.total)) {
      const check = checkConditions(when, facts);
      rejected.best = { rule: c.rule, text: c.text, total: c.total, failed: check.ok ? '' : check.failed };
    }
  }
  return out;
}

/** Context-only rules in the order they compete: priority, then file order. Built once per load. */
export function contextOnlyOrder(rules: readonly RuleDef[]): Scored[] {
  return rules
    .flatMap((r, i) => (r.when.mentions === undefined ? [i] : []))
    .map((i) => {
      const priority = (rules[i] as RuleDef).priority;
      return { rule: i, matches: [], text: 0, priority, total: round(PRIORITY_WEIGHT * priority), held: [] };
    })
    .sort(better);
}

export function rank(
  rules: readonly RuleDef[],
  textMatches: Map<number, TermMatch[]>,
  contextOnly: readonly Scored[],
  facts: Facts,
): Ranking {
  const texted: Scored[] = [];
  for (const [r, matches] of textMatches) {
    const { text, kept } = textScore(matches);
    const priority = (rules[r] as RuleDef).priority;
    texted.push({ rule: r, matches: kept, text, priority, total: round(text + PRIORITY_WEIGHT * priority), held: [] });
  }
  texted.sort(better);
  const rejected = { best: null as Rejected | null };
  const [t0 = null, t1 = null] = bestTwo(texted, rules, facts, rejected);
  const [b0 = null, b1 = null] = bestTwo(contextOnly, rules, facts, rejected);

  let winner: Scored | null;
  let second: Scored | null;
  if (t0 && b0) {
    if (b0.priority > t0.priority) {
      winner = b0;
      second = t0;
    } else {
      winner = t0;
      // The runner-up is whichever would have won without the winner.
      second = t1 && !(b0.priority > t1.priority) ? t1 : b0;
    }
  } else {
    winner = t0 ?? b0;
    second = t0 ? t1 : b1;
  }
  return { winner, second, bestRejected: rejected.best };
}
