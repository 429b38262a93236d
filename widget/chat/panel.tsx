/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/**
 * The launcher and the chat panel. Esc anywhere in the panel closes it (focus returns to the
 * launcher, see app.tsx). On a small screen the panel covers the page: then it is a modal
 * dialog (aria-modal) and Tab / Shift+Tab go round its own controls, never to the page behind.
 */
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
  /** Numeric chips that do not hold a number. */
  bad: string[];
}

/** The same query as the full-screen rule in styles.ts. */
export const FULL = '(max-width:480px),(max-height:520px)';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function contain(e: KeyboardEvent) {
  const all = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('button,textarea,input,summary')];
  const [first, last] = e.shiftKey ? [all[0], all[all.length - 1]] : [all[all.length - 1], all[0]];
  if (e.target === first) (e.preventDefault(), last?.focus());
}

export function Panel({ t, state: s, act, onSend, bad }: PanelProps) {
  const close = () => act({ type: 'set', open: false });
  const full = !!globalThis.matchMedia?.(FULL).matches;
  return (
    <>
      <button type="button" class="launch" aria-expanded={s.open} aria-controls="mg-panel" onClick={() => act({ type: 'set', open: !s.open })}>
        {t.launcher}
      </button>
      {s.open && (
        <section id="mg-panel" class="panel" role="dialog" aria-modal={full} aria-labelledby="mg-title"
          onKeyDown={(e) => (e.key === 'Escape' ? (e.preventDefault(), close()) : full && e.key === 'Tab' && contain(e))}
        >
          <header>
            <h2 id="mg-title">{t.title}</h2>
            <button type="button" onClick={() => act({ type: 'clear' })}>{t.clear}</button>
            <button type="button" aria-label={t.close} onClick={close}>×</button>
          </header>
          <StatusLine t={t} status={s.status} refused={s.refused} />
          <MessageList t={t} lang={s.lang} status={s.status} turns={s.turns} act={act} />
          <Composer t={t} draft={s.draft} chips={s.chips} bad={bad} act={act} onSend={onSend} />
        </section>
      )}
    </>
  );
}
