/** @jsxRuntime classic */
/** @jsx h */
/**
 * Context for this customer's requests: a "+ label" button opens a small labelled field. The
 * chips stay for the whole conversation (every request carries them) until the chat is cleared.
 * Numbers may be words or carry a currency ("twelve dollars", "12,50 €"); other text is flagged.
 */
import { h } from 'preact';
import { fmt, type Messages } from './messages.ts';
import type { Act, ChipKey, Chips } from './store.ts';

export const KEYS: ChipKey[] = ['wait_minutes', 'customer_tier', 'customer_ref', 'amount_paid'];

function ChipField({ id, label, value, bad, remove, onInput }: { id: string; label: string; value: string; bad?: string | undefined; remove: string; onInput(v: string | undefined): void }) {
  return (
    <span class="chip">
      <label>
        {label}
        <input id={id} value={value} maxLength={64} aria-invalid={!!bad} aria-describedby={bad && `${id}-e`} onInput={(e) => onInput(e.currentTarget.value)} />
      </label>
      <button type="button" aria-label={remove} onClick={() => onInput(undefined)}>×</button>
      {bad && <span id={`${id}-e`} class="err">{bad}</span>}
    </span>
  );
}

/** `bad`: the numeric chips whose text is not a number; each says what to type. */
export function ContextChips({ t, chips, bad, act }: { t: Messages; chips: Chips; bad: string[]; act: Act }) {
  const set = (key: ChipKey, value?: string) => act({ type: 'chip', key, value });
  return (
    <div class="row">
      {KEYS.map((k) => {
        const v = chips[k];
        return v === undefined ? (
          <button
            type="button"
            class="chip"
            onClick={(e) => {
              // The field replaces this button on the next render: put the cursor in it then.
              const row = e.currentTarget.parentElement;
              set(k, '');
              setTimeout(() => row?.querySelector<HTMLElement>(`#mg-${k}`)?.focus());
            }}
          >
            + {t.chips[k]}
          </button>
        ) : (
          <ChipField id={`mg-${k}`} label={t.chips[k]} value={v} bad={bad.includes(k) ? t.bad : undefined} remove={fmt(t.remove, t.chips[k])} onInput={(x) => set(k, x)} />
        );
      })}
    </div>
  );
}
