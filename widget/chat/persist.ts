/**
 * Keeps the conversation (and so the queue of unsent requests) across a page reload in
 * sessionStorage. Storage may be missing, full or blocked, and what is stored may have been
 * edited or cut: every path falls back to "nothing saved" instead of throwing.
 */
import { isLang } from './messages.ts';
import { initialState, type State, type Turn } from './store.ts';

export const STORAGE_KEY = 'makegood:chat:v1';

const OUTCOME = ['offered', 'accepted', 'declined', 'swapped'];

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // blocked by privacy settings or a sandboxed iframe
  }
}

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

const isGesture = (g: unknown) => isObj(g) && isStr(g.id) && isStr(g.label) && typeof g.value === 'number';

/** A turn is kept only if what the UI reads from it has the right shape. */
function isTurn(t: unknown): t is Turn {
  if (!isObj(t) || !isStr(t.id) || !isStr(t.text) || !isObj(t.context) || !Array.isArray(t.decisions)) return false;
  if (!t.decisions.every((d: unknown) => isObj(d) && OUTCOME.includes(d.outcome) && isStr(d.gestureId))) return false;
  if (t.table && !isGesture(t.table.gesture)) return false;
  if (t.state === 'pending' || (t.state === 'error' && isObj(t.error))) return true;
  const r = t.state === 'done' && isObj(t.result) && t.result.recommendation;
  return isObj(r) && isStr(r.say) && isGesture(r.gesture) && Array.isArray(r.alternatives) && r.alternatives.every(isGesture) &&
    isObj(r.explanation) && Array.isArray(r.explanation.matched) && Array.isArray(r.explanation.conditions);
}

/** The saved state, or a fresh one when nothing usable is stored. `lang` from the page wins when given. */
export function load(lang?: State['lang']): State {
  const fresh = initialState(lang);
  let saved: unknown;
  try {
    saved = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return fresh;
  }
  if (!isObj(saved) || !Array.isArray(saved.turns)) return fresh;
  return {
    ...fresh,
    open: saved.open === true,
    lang: lang ?? (isLang(saved.lang) ? saved.lang : fresh.lang),
    draft: isStr(saved.draft) ? saved.draft : '',
    chips: isObj(saved.chips) ? Object.fromEntries(Object.entries(saved.chips).filter(([, v]) => isStr(v))) : {},
    turns: saved.turns.filter(isTurn),
  };
}

export function save(s: State): void {
  const { open, lang, draft, chips, turns } = s;
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify({ open, lang, draft, chips, turns }));
  } catch {
    // Quota full: the conversation still works, it just will not survive a reload.
  }
}
