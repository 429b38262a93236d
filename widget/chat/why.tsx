/** @jsxRuntime classic */
/** @jsx h */
/** The collapsed "why": which words matched (and through which related word), conditions, runner-up. */
import { h } from 'preact';
import type { Explanation } from '../../server/contract/index.ts';
import { fmt, type Messages } from './messages.ts';

export function Why({ t, x }: { t: Messages; x: Explanation }) {
  const words = x.matched.map((m) => `${m.heard} → ${m.term}${m.via ? ` (${t.via} ${m.via})` : ''}`);
  return (
    <details>
      <summary>{t.why}</summary>
      {words.length > 0 && <p>{t.matched}: {words.join(', ')}</p>}
      {x.conditions.length > 0 && <p>{t.conditions}: {x.conditions.join('; ')}</p>}
      {x.runner_up && <p>{fmt(t.runnerUp, x.runner_up.rule_id, x.runner_up.why)}</p>}
    </details>
  );
}
