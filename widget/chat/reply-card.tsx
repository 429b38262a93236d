/** @jsxRuntime classic */
/** @jsx h */
/**
 * One recommendation: the gesture on the table and its value, its words, the other gestures,
 * why, and the outcome buttons. While a manager has not approved the gesture on the table
 * (or refused it) only "Declined" and a swap are offered; once the customer answered, the
 * card asks for their reaction. There is always a next step.
 */
import { h } from 'preact';
import type { GestureView, Outcome } from '../../server/contract/index.ts';
import { fmt, type Messages } from './messages.ts';
import { errorText } from './status-line.tsx';
import { approvalNow, currentGesture, lastOutcome, type Act, type Turn } from './store.ts';
import { Why } from './why.tsx';
import { RulePicker } from './rule-picker.tsx';

export interface CardProps {
  t: Messages;
  lang: string;
  turn: Turn;
  act: Act;
}

export function money(value: number, currency = 'USD', lang = 'en'): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

const OUTCOMES = ['offered', 'accepted', 'declined'] as const;
const REACTIONS = ['delighted', 'satisfied', 'neutral', 'upset'] as const;

export function ReplyCard({ t, lang, turn, act }: CardProps) {
  const decide = (outcome: Outcome, gestureId: string, reason?: string) => act({ type: 'decide', id: turn.id, outcome, gestureId, reason });
  const rec = turn.result!.recommendation;
  const g = currentGesture(turn)!;
  const swapped = g.id !== rec.gesture.id;
  // The words for the gesture on the table, as the server gave them.
  const say = turn.table?.say ?? rec.say;
  const last = lastOutcome(turn);
  // Final once the server took Accepted or Declined; a correction on its way (or refused) keeps it so.
  const done = [...turn.decisions].reverse().find((d) => !d.reaction && d.state === 'done');
  const final = done?.outcome === 'accepted' || done?.outcome === 'declined';
  const reaction = [...turn.decisions].reverse().find((d) => d.reaction)?.reaction;
  const ap = approvalNow(turn);
  const note = turn.approval?.note;
  // Waiting for, or refused by, a manager: the customer may still decline, or staff offer another gesture.
  const blocked = ap === 'pending' || ap === 'declined';
  const tail = turn.decisions[turn.decisions.length - 1];
  // A final outcome changes only with a reason (the server logs it as a correction).
  const other = done?.outcome === 'accepted' ? 'declined' : blocked ? undefined : 'accepted';
  const shut = () => act({ type: 'change', id: turn.id, open: false });
  const price = (x: GestureView) => (x.value > 0 ? ` · ${money(x.value, rec.currency, lang)}` : '');
  // The label change is the whole feedback: not worth a state slot (no hooks, see app.tsx).
  const copy = (e: { currentTarget: HTMLButtonElement }) => {
    const b = e.currentTarget;
    navigator.clipboard?.writeText(say).then(() => (b.textContent = t.copied), () => {});
  };
  const others = [rec.gesture, ...rec.alternatives].filter((a) => a.id !== g.id);

  return (
    <article class="card" data-t={turn.id} aria-label={fmt(t.recommendation, g.label)}>
      {rec.fallback && <p class="flag">{t.fallback}</p>}
      {rec.repeat && <p class="flag">{t.repeat}</p>}
      <p class="g">{g.label}{price(g)}</p>
      {swapped && <p class="m">{fmt(t.swappedTo, g.label)}</p>}
      {rec.read_from_text?.wait_minutes !== undefined && <p class="m">{fmt(t.read, rec.read_from_text.wait_minutes)}</p>}
      <p class="m">{t.say}</p>
      <blockquote>{say}</blockquote>
      <div class="row">
        <button type="button" onClick={copy}>{t.copy}</button>
      </div>
      {ap === 'pending' && <p class="flag">{t.approvalWaiting}</p>}
      {(ap === 'approved' || ap === 'declined') && (
        <p class={ap === 'approved' ? 'connected' : 'err'}>
          {ap === 'approved' ? t.approved : t.approvalDeclined}
          {note ? `: ${note}` : ''}
        </p>
      )}
      {!final && others.length > 0 && (
        <div class="row" role="group" aria-label={t.alternatives}>
          <span class="m">{t.alternatives}:</span>
          {others.map((a) => (
            <button type="button" onClick={() => decide('swapped', a.id)}>{a.label}{price(a)}</button>
          ))}
        </div>
      )}
      <Why t={t} x={rec.explanation} />
      {!final && (
        <button type="button" aria-expanded={!!turn.pick} onClick={() => act({ type: 'pick', id: turn.id, open: !turn.pick })}>{t.notRight}</button>
      )}
      {!final && turn.pick && (
        <RulePicker
          t={t}
          id={turn.id}
          rules={Array.isArray(turn.pick) ? turn.pick : undefined}
          onPick={(ruleId) => act({ type: 'correct', id: turn.id, ruleId })}
          onClose={() => act({ type: 'pick', id: turn.id, open: false })}
        />
      )}
      {turn.fix?.state === 'pending' && <p class="m">{t.saving}</p>}
      {turn.fix?.error && <p class="err">{errorText(t, turn.fix.error)}</p>}
      {!final && (
        <div class="row" role="group" aria-label={t.outcome}>
          {(blocked ? (['declined'] as const) : OUTCOMES).map((o) => (
            <button type="button" aria-pressed={last?.outcome === o} onClick={() => decide(o, g.id)}>{t.outcomes[o]}</button>
          ))}
        </div>
      )}
      {final && (
        <div class="row" role="group" aria-label={t.reaction}>
          <span class="m">{t.outcomes[done!.outcome]} · {t.reaction}:</span>
          {REACTIONS.map((r) => (
            <button type="button" aria-pressed={reaction === r} onClick={() => act({ type: 'react', id: turn.id, reaction: r })}>{t.reactions[r]}</button>
          ))}
        </div>
      )}
      {final && other && (
        <button type="button" aria-expanded={!!turn.change} onClick={() => act({ type: 'change', id: turn.id, open: !turn.change })}>{fmt(t.changeTo, t.outcomes[other])}</button>
      )}
      {final && other && turn.change && (
        <form
          onSubmit={(e) => (e.preventDefault(), (e.currentTarget.elements[0] as HTMLInputElement).value.trim() && decide(other, g.id, (e.currentTarget.elements[0] as HTMLInputElement).value.trim()))}
          // Esc closes the box, not the panel, and focus goes back to the button that opened it.
          onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), (e.currentTarget.previousSibling as HTMLElement).focus(), shut())}
        >
          <label>{fmt(t.changeWhy, t.outcomes[other])} <input ref={(el) => el?.focus()} required maxLength={500} /></label>
        </form>
      )}
      {tail?.state === 'pending' && <p class="m">{t.saving}</p>}
      {tail?.error && <p class="err">{errorText(t, tail.error)}</p>}
    </article>
  );
}
