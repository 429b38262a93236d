/** @jsxRuntime classic */
/** @jsx h */
/**
 * Connects the store to the panel: reads state, turns UI events into actions, moves focus.
 * A class rather than hooks on purpose: leaving preact/hooks out saves ~1 KB gzip of the
 * 24 KB budget.
 */
import { Component, h } from 'preact';
import { strings } from './messages.ts';
import { buildContext } from './outbox.ts';
import { Panel } from './panel.tsx';
import { newRequestId } from './request-id.ts';
import type { State, Store } from './store.ts';

interface Props {
  store: Store;
  location?: string | undefined;
  position?: string;
}

export class App extends Component<Props> {
  // `declare`: no class-field code in the bundle.
  declare wasOpen: boolean;
  declare mark: string;
  override componentDidMount() {
    const { store } = this.props;
    store.subscribe(() => this.forceUpdate()); // the widget lives as long as the page
    this.wasOpen = store.get().open; // a panel restored open after a reload does not grab focus
    this.componentDidUpdate();
  }
  // Opening puts the cursor in the text box; closing gives focus back to the launcher.
  // A new message or reply scrolls the conversation to the bottom.
  override componentDidUpdate() {
    const s = this.props.store.get();
    const q = (sel: string) => (this.base as HTMLElement | undefined)?.querySelector<HTMLElement>(sel);
    if (s.open !== this.wasOpen) q(s.open ? 'textarea' : '.launch')?.focus();
    const log = q('.log');
    const last = s.turns[s.turns.length - 1];
    const mark = `${s.open}${s.turns.length}${last?.state}`;
    if (log && mark !== this.mark) log.scrollTop = log.scrollHeight;
    this.mark = mark;
    this.wasOpen = s.open;
  }
  override render({ store, location, position }: Props) {
    const s: State = store.get();
    const { dispatch } = store;
    return (
      <div class={position === 'bottom-left' ? 'mg left' : 'mg'} lang={s.lang}>
        <Panel
          t={strings(s.lang)}
          state={s}
          act={dispatch}
          onSend={() => dispatch({ type: 'submit', id: newRequestId(), text: s.draft, context: buildContext(s.chips, s.lang, location) })}
        />
      </div>
    );
  }
}
