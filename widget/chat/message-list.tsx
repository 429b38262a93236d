/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/** The conversation: a role=log region (aria-live polite), so replies are read out as they arrive. */
import { Fragment, h } from 'preact';
import type { Messages } from './messages.ts';
import { ReplyCard } from './reply-card.tsx';
import { errorText } from './status-line.tsx';
import { KEYS } from './context-chips.tsx';
import type { Act, Status, Turn } from './store.ts';

export interface ListProps {
  t: Messages;
  lang: string;
  status: Status;
  turns: Turn[];
  act: Act;
}

export function MessageList({ t, lang, status, turns, act }: ListProps) {
  return (
    <div class="log" role="log" aria-live="polite" aria-label={t.conversation}>
      {turns.length === 0 && <p class="m">{t.empty}</p>}
      {turns.map((turn) => {
        const ctx = KEYS.filter((k) => turn.context[k] !== undefined).map((k) => `${t.chips[k]}: ${turn.context[k]}`);
        return (
          <>
            <p class="me">
              <span class="m">{t.you}: </span>
              {turn.text}
              {ctx.length > 0 && <span class="m"><br />{ctx.join(' · ')}</span>}
            </p>
            {turn.state === 'pending' && <p class="m">{status === 'connected' ? t.sending : t.queued}</p>}
            {turn.state === 'error' && turn.error && (
              <p class="err row">
                {errorText(t, turn.error)}
                <button type="button" onClick={() => act({ type: 'retry', id: turn.id })}>{t.retry}</button>
              </p>
            )}
            {turn.state === 'done' && turn.result && (
              <ReplyCard t={t} lang={lang} turn={turn} act={act} />
            )}
          </>
        );
      })}
    </div>
  );
}
