/** @jsxRuntime classic */
/** @jsx h */
/** Quick context for the next request: a "+ label" button opens a small labelled field. */
import { h } from 'preact';
import { fmt, type Messages } from './messages.ts';
import { NUMERIC } from './outbox.ts';
import type { Act, ChipKey, Chips } from './store.ts';

export const KEYS: ChipKey[] = ['wait_minutes', 'customer_tier', 'customer_ref', 'amount_paid'];

function ChipField({ id, label, value, numeric, remove, onInput }: { id: string; label: string; value: string; numeric: boolean; remove: string; onInput(v: string | undefined): void }) {
  return (
    <span class="chip">
      <label>
        {label}
        <input id={id} value={value} inputMode={numeric ? 'decimal' : 'text'} maxLength={64} onInput={(e) => onInput(e.currentTarget.value)} />
      </label>
      <button type="button" aria-label={remove} onClick={() => onInput(undefined)}>×</button>
    </span>
  );
}

export function ContextChips({ t, chips, act }: { t: Messages; chips: Chips; act: Act }) {
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
          <ChipField id={`mg-${k}`} label={t.chips[k]} value={v} numeric={NUMERIC.includes(k)} remove={fmt(t.remove, t.chips[k])} onInput={(x) => set(k, x)} />
        );
      })}
    </div>
  );
}
