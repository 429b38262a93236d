/** @jsxRuntime classic */
/** @jsx h */
/**
 * The collapsed "why", in staff language: the problem the rule is about (its label), the words
 * that matched ("never ordered"; "chilly (cold)" when a typed word stood for a rule's word),
 * where a learned match came from, the conditions, and the close second by its label.
 */
import { h } from 'preact';
import type { Explanation } from '../../server/contract/index.ts';
import { fmt, type Messages } from './messages.ts';

export function Why({ t, x }: { t: Messages; x: Explanation }) {
  const words = x.matched.map((m) => (m.heard === m.term ? m.term : `${m.heard} (${m.term})`) + (m.via ? ` (${t.via} ${m.via})` : ''));
  return (
    <details>
      <summary>{t.why}</summary>
      {x.rule_label && <p>{fmt(t.problem, x.rule_label)}</p>}
      {words.length > 0 && <p>{t.matched}: {words.join(', ')}</p>}
      {x.example && <p>{t.learned[x.example.source]}</p>}
      {x.conditions.length > 0 && <p>{t.conditions}: {x.conditions.join('; ')}</p>}
      {x.runner_up && <p>{fmt(t.runnerUp, x.runner_up.label ?? x.runner_up.rule_id)}</p>}
    </details>
  );
}
