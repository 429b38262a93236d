/** @jsxRuntime classic */
/** @jsx h */
/**
 * Entry of dist/public/widget.js. Load it with `async`; it reads its own script tag, installs
 * `window.makegood(...)` (replaying calls queued before it loaded), and mounts the chat into a
 * shadow root so the host page's CSS and ours never meet.
 */
import { h, render } from 'preact';
import { installApi } from './api.ts';
import { App } from './app.tsx';
import { findScript, readConfig } from './config.ts';
import { connect } from './connection.ts';
import { LANGS } from './messages.ts';
import { load } from './persist.ts';
import { createStore } from './store.ts';
import { CSS, HOST_STYLE } from './styles.ts';
import { startSync } from './sync.ts';

function boot(script = findScript(document)): void {
  const win = window as unknown as { makegood?: { loaded?: boolean } & ((...a: unknown[]) => void) };
  if (win.makegood?.loaded) return; // the script tag was included twice
  const problems: string[] = [];
  const config = readConfig(script, problems);
  problems.forEach((p) => console.warn(`makegood: ${p}`));

  const store = createStore(load(config.lang));
  installApi(win, store, (m) => console.warn(m));
  const conn = connect(config.url, config.token, {
    status: (status, refused) => store.dispatch({ type: 'set', status, refused }),
    approval: (e) => store.dispatch({ type: 'approval', requestId: e.request_id, approved: e.approved, note: e.note, gestureId: e.gesture_id }),
  });
  startSync(store, conn);
  // Spanish is not in widget.js: the first time a page asks for it, fetch widget-es.js, which
  // hands its pack to makegood('messages', ...). Until it arrives the widget speaks English.
  let fetched = false;
  const needLang = () => {
    if (LANGS[store.get().lang] || fetched) return;
    fetched = true;
    const s = document.createElement('script');
    s.src = `${config.url}/widget-es.js`;
    document.head.appendChild(s);
  };
  store.subscribe(needLang);
  needLang();

  const host = document.createElement('makegood-widget');
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CSS;
  root.appendChild(style);
  const mount = document.createElement('div');
  root.appendChild(mount);
  document.body.appendChild(host);
  render(<App store={store} location={config.location} position={config.position} />, mount);
}

// document.currentScript exists only now, while the script runs: find the tag before waiting.
const script = findScript(document);
if (document.body) boot(script);
else document.addEventListener('DOMContentLoaded', () => boot(script));
