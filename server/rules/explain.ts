/**
 * The explanation staff and managers read: what was heard and how, which
 * conditions held, the scores, and why the runner-up lost.
 */
import type { Explanation } from '../contract/recommendation.ts';
import type { RuleDef } from './schema.ts';
import type { Ranking, Scored } from './rank.ts';
import { round } from './match-text.ts';

function whyLost(w: Scored, s: Scored, rules: readonly RuleDef[]): string {
  if (w.text > 0 && s.text === 0) {
    return s.priority > w.priority
      ? `matched on context only` // cannot happen: it would have won; kept for completeness
      : `matched on context only (${(s.held.join(', ') || 'no conditions')}); rules with a text match come first unless their priority is lower`;
  }
  if (w.text === 0 && s.text > 0) return `its priority ${s.priority} is below ${w.priority}, so a context-only rule with higher priority went first`;
  if (s.total === w.total) {
    return s.priority < w.priority
      ? `same score ${s.total}; lower priority (${s.priority} vs ${w.priority})`
      : `same score ${s.total} and priority; "${rules[w.rule]?.id}" comes first in the file`;
  }
  const heard = s.matches.map((m) => `"${m.matched.term}"`).join(', ');
  const what = heard ? `matched only ${heard}` : 'no text match';
  const prio = s.priority !== w.priority ? `; priority ${s.priority} vs ${w.priority}` : '';
  return `lower score ${s.total} vs ${w.total}: ${what} (text ${s.text} vs ${w.text}${prio})`;
}

export function explain(ranking: Ranking, rules: readonly RuleDef[], notes: string[]): Explanation {
  const w = ranking.winner;
  if (!w) {
    const e: Explanation = { matched: [], conditions: [], score: { text: 0, priority: 0, total: 0 }, notes: ['no rule matched; using the fallback', ...notes] };
    const rej = ranking.bestRejected;
    if (rej) e.runner_up = { rule_id: (rules[rej.rule] as RuleDef).id, score: rej.text, why: `words matched, but ${rej.failed}` };
    return e;
  }
  const e: Explanation = {
    matched: w.matches.map((m) => m.matched),
    conditions: w.held,
    score: { text: w.text, priority: w.priority, total: w.total },
    notes,
  };
  const s = ranking.second;
  const rej = ranking.bestRejected;
  if (s) e.runner_up = { rule_id: (rules[s.rule] as RuleDef).id, score: s.total, why: whyLost(w, s, rules) };
  else if (rej) e.runner_up = { rule_id: (rules[rej.rule] as RuleDef).id, score: round(rej.text), why: `words matched, but ${rej.failed}` };
  return e;
}
