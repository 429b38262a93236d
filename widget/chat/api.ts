/**
 * The host page's `makegood(cmd, ...args)` API. Calls made before the script loaded wait in
 * `makegood.q` (see the snippet in the README). Every call is checked before it acts.
 */
import { isLang, isPack, LANGS } from './messages.ts';
import type { Store } from './store.ts';

const MAX_TEXT = 2000;

/** Runs one call. Returns what was wrong with it, or undefined when it was done. */
export function runCommand(store: Store, args: ArrayLike<unknown>): string | undefined {
  const [cmd, arg] = Array.from(args);
  switch (cmd) {
    case 'open':
    case 'close':
      store.dispatch({ type: 'set', open: cmd === 'open' });
      return;
    case 'clear':
      store.dispatch({ type: cmd });
      return;
    case 'prefill':
      if (typeof arg !== 'string') return 'prefill needs a text';
      store.dispatch({ type: 'set', draft: arg.slice(0, MAX_TEXT) });
      return;
    case 'lang':
      if (!isLang(arg)) return `lang ${arg}: use en or es`;
      store.dispatch({ type: 'set', lang: arg });
      return;
    case 'messages': {
      // Sent by widget-es.js when it arrives; checked like any other call.
      const pack = args[2];
      if (!isLang(arg) || !isPack(pack)) return 'incomplete messages';
      LANGS[arg] = pack;
      store.dispatch({ type: 'set' }); // re-render in the new pack
      return;
    }
    default:
      return `unknown command ${cmd}`;
  }
}

type Api = ((...args: unknown[]) => void) & { q?: unknown; loaded?: boolean };

/** Replaces the queueing stub with the real API, then replays what was queued, in order. */
export function installApi(win: { makegood?: Api }, store: Store, warn: (m: string) => void): void {
  const queued = win.makegood?.q;
  const api: Api = (...args) => {
    const problem = runCommand(store, args);
    if (problem) warn(`makegood: ${problem}`);
  };
  api.loaded = true;
  win.makegood = api;
  if (!Array.isArray(queued)) return;
  for (const args of queued) {
    // Anything not list-like becomes an empty call, which runCommand reports as unknown.
    api(...Array.from((args ?? []) as ArrayLike<unknown>));
  }
}
