/** @jsxRuntime classic */
/** @jsx h */
/**
 * "Not the right problem?": a searchable list of the rules by label. Keyboard first and
 * tiny on purpose (the widget has a byte budget): a text box tied to a <datalist>, so the
 * browser filters as staff type, arrows move through the matches, and choosing one (Enter
 * or a click) picks that rule; Enter on a partial label takes the only rule that holds it.
 * Esc closes it and focus goes back to the button that opened it.
 */
import { h } from 'preact';
import type { RuleChoice } from '../../server/contract/index.ts';
import type { Messages } from './messages.ts';

export interface PickerProps {
  t: Messages;
  /** Undefined while the list loads. */
  rules?: RuleChoice[] | undefined;
  id: string;
  onPick(ruleId: string): void;
  onClose(): void;
}

/** The rule meant by what was typed: its label exactly, else (`partial`) the one label that holds it. */
export function ruleFor(rules: readonly RuleChoice[], typed: string, partial?: boolean): RuleChoice | undefined {
  const q = typed.trim().toLowerCase();
  const hits = rules.filter((r) => (partial ? r.label.toLowerCase().includes(q) : r.label.toLowerCase() === q));
  return q && hits.length === 1 ? hits[0] : undefined;
}

export function RulePicker({ t, rules = [], id, onPick, onClose }: PickerProps) {
  const list = `mg-r${id}`;
  const take = (e: { currentTarget: { value?: string; elements?: any } }, partial?: boolean) => {
    const hit = ruleFor(rules, e.currentTarget.value ?? e.currentTarget.elements[0].value, partial);
    if (hit) onPick(hit.id);
  };
  return (
    <form
      role="search"
      onSubmit={(e) => (e.preventDefault(), take(e, true))}
      // Esc closes the picker, not the panel, and focus goes back to the button before it.
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), (e.currentTarget.previousSibling as HTMLElement).focus(), onClose())}
    >
      {/* Focus moves in when it opens (preact does not act on autoFocus); re-renders keep it there. */}
      <input aria-label={t.pick} list={list} ref={(el) => el?.focus()} placeholder={t.pick} onInput={take} />
      <datalist id={list}>{rules.map((r) => <option value={r.label} />)}</datalist>
    </form>
  );
}
