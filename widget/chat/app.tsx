/** @jsxRuntime classic */
/** @jsx h */
/**
 * Connects the store to the panel: reads state, turns UI events into actions, moves focus.
 * A class rather than hooks on purpose: leaving preact/hooks out saves ~1 KB gzip of the
 * 24 KB budget.
 */
import { Component, h } from 'preact';
import { strings } from './messages.ts';
import { badChips, buildContext } from './outbox.ts';
import { FULL, Panel } from './panel.tsx';
import { newRequestId } from './request-id.ts';
import type { State, Store, Turn } from './store.ts';

/**
 * Where to scroll `box` so `el` shows: all of it when it fits, else from its top; no move
 * when it already shows.
 */
export function reveal(box: HTMLElement, el: HTMLElement): number {
  const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop - 8;
  return Math.min(top, Math.max(box.scrollTop, top + el.offsetHeight + 16 - box.clientHeight));
}

interface Props {
  store: Store;
  location?: string | undefined;
  position?: string;
}

export class App extends Component<Props> {
  // `declare`: no class-field code in the bundle.
  declare wasOpen: boolean;
  declare turns: Turn[] | undefined;
  override componentDidMount() {
    const { store } = this.props;
    store.subscribe(() => this.forceUpdate()); // the widget lives as long as the page
    // Full screen or not decides whether the panel is modal (panel.tsx): follow a rotation or a resize.
    globalThis.matchMedia?.(FULL).addEventListener?.('change', () => this.forceUpdate());
    this.wasOpen = store.get().open; // a panel restored open after a reload does not grab focus
    this.componentDidUpdate();
  }
  // Opening puts the cursor in the text box; closing gives focus back to the launcher.
  // The card that just changed (a reply, an approval, a saved outcome) scrolls into view with
  // its first line (the gesture) visible; a new message without a card yet scrolls to the end.
  override componentDidUpdate() {
    const s = this.props.store.get();
    const q = (sel: string) => (this.base as HTMLElement | undefined)?.querySelector<HTMLElement>(sel);
    const opened = s.open !== this.wasOpen;
    if (opened) q(s.open ? 'textarea' : '.launch')?.focus();
    const log = q('.log');
    const changed = s.turns.filter((t) => !this.turns?.includes(t));
    const turn = changed[changed.length - 1] ?? (opened ? s.turns[s.turns.length - 1] : undefined);
    if (log && turn) {
      const card = [...log.querySelectorAll<HTMLElement>('.card')].find((c) => c.dataset.t === turn.id);
      log.scrollTop = card ? reveal(log, card) : log.scrollHeight;
    }
    this.turns = s.turns;
    this.wasOpen = s.open;
  }
  override render({ store, location, position }: Props) {
    const s: State = store.get();
    const { dispatch } = store;
    const bad = badChips(s.chips);
    return (
      <div class={position === 'bottom-left' ? 'mg left' : 'mg'} lang={s.lang}>
        <Panel
          t={strings(s.lang)}
          state={s}
          act={dispatch}
          bad={bad}
          // A chip that is not a number is not sent quietly without it: the cursor goes there, its message says what to type.
          onSend={() =>
            bad[0]
              ? (this.base as HTMLElement).querySelector<HTMLElement>(`#mg-${bad[0]}`)?.focus()
              : dispatch({ type: 'submit', id: newRequestId(), text: s.draft, context: buildContext(s.chips, s.lang, location) })
          }
        />
      </div>
    );
  }
}
