/**
 * Negation scope: which words a "not" takes back.
 *
 * Complaints are full of negative words that ARE the failure: "parts never
 * ordered", "no hot water", "didn't call back", "room not ready". So:
 *  - Every negative word ("not", "no", "never", "none", "nothing", "without")
 *    can fill the negative word of a manager's phrase: "parts not ordered"
 *    matches "parts were never ordered". Words inside such a phrase are never
 *    taken back by the negative word the phrase itself used.
 *  - Only "not" and "nothing" open a scope that takes words back ("the soup
 *    was not cold" is no cold-food complaint), and only when they deny a state.
 *    "did not / could not / have not + verb" says something did not happen,
 *    which is the failure ("we didn't get our receipt"), and "not any / not
 *    enough" says something is missing; neither takes words back.
 *  - "never" and "no" open no scope: "never received the receipt", "no towels".
 *  - A scope ends at a clause boundary ("but", "and", ",", ".") or after
 *    SCOPE_MAX words; a "not" scope also ends where what it is about begins
 *    ("not happy with the cold food": only "happy" is taken back).
 */
import type { Word } from './normalize.ts';

export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'none', 'nothing', 'without', 'nor', 'neither']);
const SCOPE_OPENERS = new Set(['not', 'nothing', 'neither', 'nor']);
const AUXILIARIES = new Set([
  'did', 'do', 'does', 'can', 'could', 'will', 'would', 'should', 'have', 'has', 'had', 'must', 'might', 'may', 'need',
]);
const ABSENCE = new Set(['any', 'enough', 'even', 'a', 'one', 'single', 'yet']);
// "not happy with the cold food" is a cold-food complaint: after "not", these
// words start what the feeling is about, and the scope stops before them.
const ABOUT = new Set(['with', 'about', 'regarding', 'that', 'which', 'since', 'as', 'by', 'at', 'of']);
const SCOPE_MAX = 5;

/** For each word: the index of the negative word whose scope it is in, or -1. */
export function negationScopes(ws: readonly Word[]): Int32Array {
  const negatedBy = new Int32Array(ws.length).fill(-1);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    if (!SCOPE_OPENERS.has(w.text)) continue;
    const prev = ws[i - 1];
    if (w.text === 'not' && prev && prev.clause === w.clause && AUXILIARIES.has(prev.text)) continue;
    const next = ws[i + 1];
    if (next && ABSENCE.has(next.text)) continue;
    for (let j = i + 1; j < ws.length && j <= i + SCOPE_MAX; j++) {
      const x = ws[j] as Word;
      if (x.clause !== w.clause) break;
      if (w.text === 'not' && ABOUT.has(x.text)) break;
      if (negatedBy[j] === -1) negatedBy[j] = i;
    }
  }
  return negatedBy;
}
