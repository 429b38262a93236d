/** @jsxRuntime classic */
/** @jsx h */
/** Where staff type what went wrong. Enter sends, Shift+Enter starts a new line. */
import { h } from 'preact';
import { ContextChips } from './context-chips.tsx';
import type { Messages } from './messages.ts';
import type { Act, Chips } from './store.ts';

export interface ComposerProps {
  t: Messages;
  draft: string;
  chips: Chips;
  /** Numeric chips that do not hold a number (sending waits until they do). */
  bad: string[];
  act: Act;
  onSend(): void;
}

export function Composer({ t, draft, chips, bad, act, onSend }: ComposerProps) {
  return (
    <form onSubmit={(e) => (e.preventDefault(), onSend())}>
      <ContextChips t={t} chips={chips} bad={bad} act={act} />
      <label for="mg-in">{t.input}</label>
      <textarea
        id="mg-in"
        rows={2}
        maxLength={2000}
        value={draft}
        placeholder={t.placeholder}
        aria-describedby="mg-hint"
        onInput={(e) => act({ type: 'set', draft: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            onSend();
          }
        }}
      />
      <div class="row">
        <span id="mg-hint" class="m" style="flex:1">{t.hint}</span>
        <button class="send" type="submit">{t.send}</button>
      </div>
    </form>
  );
}
