/**
 * The explanation staff and managers read: what was heard and how, which
 * conditions held, the scores, and why the runner-up lost.
 */
import type { Explanation } from '../contract/recommendation.ts';
import type { RuleDef } from './schema.ts';
import type { Ranking, Scored } from './rank.ts';
import { describeMatch } from './align.ts';
import type { Word } from './normalize.ts';
import { isExampleMatch, type ExampleEvidence } from './example-match.ts';
import type { ExampleSource } from './example-book.ts';
import type { Heard } from './translate.ts';
import { ruleLabel } from './recommend-under.ts';

export interface LearnedView {
  evidence?: ReadonlyMap<number, ExampleEvidence> | undefined;
  /** The description's language, when not the rules file's. */
  lang?: string | undefined;
  heard?: Heard[] | undefined;
}

/** "correction by Ana, 2026-11-30", "example from examples/cases.jsonl:12", "corpus kind: noise". */
export function sourceText(s: ExampleSource): string {
  if (s.type === 'corpus') return `corpus kind: ${s.kind}`;
  if (s.type === 'file') return `example from ${s.file}:${s.line}`;
  const parts = [s.by ? `by ${s.by}` : '', s.at ? s.at.slice(0, 10) : '', s.location ? `at ${s.location}` : ''].filter(Boolean);
  return `correction${parts.length ? ` ${parts.join(', ')}` : ''}`;
}

function addLearned(e: Explanation, rule: number | undefined, learned: LearnedView | undefined, kept: boolean): Explanation {
  if (learned?.lang) e.language = learned.lang;
  if (learned?.heard && learned.heard.length > 0) e.heard_as = learned.heard;
  const ev = rule === undefined ? undefined : learned?.evidence?.get(rule);
  if (ev && kept) e.example = { text: ev.best.text, similarity: ev.best.similarity, score: ev.score, source: ev.best.source.type, from: sourceText(ev.best.source) };
  return e;
}

function whyLost(w: Scored, s: Scored, rules: readonly RuleDef[]): string {
  const winner = `"${rules[w.rule]?.id}"`;
  if (w.text > 0 && s.text === 0) {
    return `matched on context only (${s.held.join(', ') || 'no conditions'}); a rule with a text match comes first unless its priority is lower`;
  }
  if (w.text === 0 && s.text > 0) return `its priority ${s.priority} is below ${w.priority}, and a context-only rule with a higher priority goes first`;
  if (s.text === w.text) {
    return s.priority !== w.priority
      ? `same text score ${s.text}; lower priority (${s.priority} vs ${w.priority})`
      : `same text score ${s.text} and priority; ${winner} comes first in the file`;
  }
  if (s.text > w.text) return `better text score (${s.text} vs ${w.text}), but priority ${s.priority} vs ${w.priority} put ${winner} ahead`;
  const heard = s.matches.map((m) => (isExampleMatch(m) ? m.term.phrase : `"${m.term.phrase}"`)).join(', ');
  const prio = s.priority !== w.priority ? `; priority ${s.priority} vs ${w.priority}` : '';
  return `lower score ${s.total} vs ${w.total}: matched only ${heard || 'context'} (text ${s.text} vs ${w.text}${prio})`;
}

export function explain(ranking: Ranking, rules: readonly RuleDef[], ws: readonly Word[], notes: string[], learned?: LearnedView): Explanation {
  const w = ranking.winner;
  // Staff read labels, not ids ("Parts not ordered", not "parts-not-ordered").
  const label = (r: RuleDef | undefined) => ruleLabel(r as RuleDef, [learned?.lang]);
  if (!w) {
    const e: Explanation = { matched: [], conditions: [], score: { text: 0, priority: 0, total: 0 }, notes: ['no rule matched; using the fallback', ...notes] };
    const rej = ranking.bestRejected;
    if (rej) e.runner_up = { rule_id: (rules[rej.rule] as RuleDef).id, label: label(rules[rej.rule]), score: rej.total, why: `words matched, but ${rej.failed}` };
    return addLearned(e, undefined, learned, false);
  }
  const e: Explanation = {
    matched: w.matches.filter((m) => !isExampleMatch(m)).map((m) => describeMatch(m, ws)),
    conditions: w.held,
    score: { text: w.text, priority: w.priority, total: w.total },
    rule_label: label(rules[w.rule]),
    notes,
  };
  const s = ranking.second;
  const rej = ranking.bestRejected;
  // A near miss that outscored the next eligible rule says more: "needs a wait ≥ 1440 min".
  if (rej && (!s || rej.total >= s.total)) {
    e.runner_up = { rule_id: (rules[rej.rule] as RuleDef).id, label: label(rules[rej.rule]), score: rej.total, why: `words matched, but ${rej.failed}` };
  } else if (s) e.runner_up = { rule_id: (rules[s.rule] as RuleDef).id, label: label(rules[s.rule]), score: s.total, why: whyLost(w, s, rules) };
  return addLearned(e, w.rule, learned, w.matches.some(isExampleMatch));
}
