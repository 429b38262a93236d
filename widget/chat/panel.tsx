/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/** The launcher and the chat panel. Esc anywhere in the panel closes it. */
import { Fragment, h } from 'preact';
import { Composer } from './composer.tsx';
import type { Messages } from './messages.ts';
import { MessageList } from './message-list.tsx';
import { StatusLine } from './status-line.tsx';
import type { Act, State } from './store.ts';

export interface PanelProps {
  t: Messages;
  state: State;
  act: Act;
  onSend(): void;
}

export function Panel({ t, state: s, act, onSend }: PanelProps) {
  const close = () => act({ type: 'set', open: false });
  return (
    <>
      <button type="button" class="launch" aria-expanded={s.open} aria-controls="mg-panel" onClick={() => act({ type: 'set', open: !s.open })}>
        {t.launcher}
      </button>
      {s.open && (
        <section id="mg-panel" class="panel" role="dialog" aria-labelledby="mg-title" onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}>
          <header>
            <h2 id="mg-title">{t.title}</h2>
            <button type="button" onClick={() => act({ type: 'clear' })}>{t.clear}</button>
            <button type="button" aria-label={t.close} onClick={close}>×</button>
          </header>
          <StatusLine t={t} status={s.status} refused={s.refused} />
          <MessageList t={t} lang={s.lang} status={s.status} turns={s.turns} act={act} />
          <Composer t={t} draft={s.draft} chips={s.chips} act={act} onSend={onSend} />
        </section>
      )}
    </>
  );
}
