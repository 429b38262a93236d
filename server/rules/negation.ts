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
 *  - "nobody", "no one" and "none" deny a state only when a form of "be"
 *    follows ("nobody was rude", "none of the staff were rude"): the scope
 *    starts there. Followed by any other verb they say something did not
 *    happen, which is the failure ("nobody called back", "none in the room").
 *    A verb of action after them ("nobody yelled") is read as the failure too:
 *    we cannot tell "nobody helped" from "nobody yelled" without a verb list.
 *  - "not have / not has / not got" says something is lacking, like "no"
 *    ("the car not have the part"): nothing is taken back.
 *  - A scope ends at a clause boundary ("but", "and", ",", ".") or after
 *    SCOPE_MAX words; a "not" scope also ends where what it is about begins
 *    ("not happy with the cold food": only "happy" is taken back).
 *  - Staff also say which topic it is NOT, and that is taken back:
 *    "not a noise issue" ("not a/an" denies, except "not a single", "there
 *    was not a"), "not about the price", "not because of the noise", "no
 *    complaints about the food", "not complaining about the room", and the
 *    topic before "was not the problem / isn't the issue".
 */
import type { Word } from './normalize.ts';

export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'none', 'nothing', 'without', 'nor', 'neither', 'nobody', 'noone']);
const SCOPE_OPENERS = new Set(['not', 'nothing', 'neither', 'nor']);
const AUXILIARIES = new Set([
  'did', 'do', 'does', 'can', 'could', 'will', 'would', 'should', 'have', 'has', 'had', 'must', 'might', 'may', 'need',
]);
const ABSENCE = new Set(['any', 'enough', 'even', 'one', 'single', 'yet', 'have', 'has', 'had', 'got', 'gotten', 'get']);
// "not a single towel", "not a word" say something is missing; "not a noise issue" denies a topic.
const A = new Set(['a', 'an']);
const A_ABSENCE = new Set(['single', 'word', 'thing', 'soul', 'drop', 'bit', 'sign', 'trace']);
// Words saying what the complaint is: "no complaints about the food", "wasn't the problem".
const COMPLAINT = new Set([
  'complaint', 'complaints', 'complain', 'complaining', 'complained', 'problem', 'problems', 'issue', 'issues',
  'concern', 'concerns', 'concerned', 'worried', 'bothered', 'reason', 'thing', 'deal', 'point',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'his', 'her', 'their', 'our', 'your', 'this', 'that', 'its']);
const NOTHING_DENIES = new Set(['wrong', 'bad', 'amiss', 'was', 'is', 'were', 'seemed', 'seems']);
const TOPIC_START = new Set(['about', 'with', 'regarding', 'over', 're', 'on', 'for']);
// "nobody was rude": a subject that is nobody denies the state after "be".
const NOBODY = new Set(['nobody', 'noone', 'none']);
const BE = new Set(['was', 'were', 'is', 'are', 'been', 'be', 'seemed', 'seems', 'felt']);
// "not happy with the cold food" is a cold-food complaint: after "not", these
// words start what the feeling is about, and the scope stops before them.
const ABOUT = new Set(['with', 'about', 'regarding', 'that', 'which', 'since', 'as', 'by', 'at', 'of']);
const SCOPE_MAX = 5;

/**
 * A negative word that denies a topic ("not a noise issue", "not about the
 * price") is marked DENIES in its own slot: it takes its topic back and never
 * fills the negative word of a manager's phrase ("not a late arrival" is not
 * "never arrived").
 */
export const DENIES = -2;

/** For each word: the index of the negative word whose scope it is in, or -1 (DENIES on a denying negative word). */
export function negationScopes(ws: readonly Word[]): Int32Array {
  const negatedBy = new Int32Array(ws.length).fill(-1);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    if (NOBODY.has(w.text) || (w.text === 'no' && ws[i + 1]?.text === 'one' && ws[i + 1]?.clause === w.clause)) {
      const be = stateAfter(ws, w.text === 'no' ? i + 2 : i + 1, w.clause);
      if (be >= 0) scope(ws, negatedBy, i, be, false);
      continue;
    }
    if (w.text === 'no' || w.text === 'not') {
      // "no complaints about the food", "not complaining about the room": the topic is taken back.
      const c = ws[i + 1];
      const t = ws[i + 2];
      if (c && t && COMPLAINT.has(c.text) && TOPIC_START.has(t.text) && t.clause === w.clause) {
        scope(ws, negatedBy, i, i + 3, false);
        negatedBy[i] = DENIES;
        continue;
      }
    }
    if (!SCOPE_OPENERS.has(w.text)) continue;
    // "we have nothing booked", "there's nothing in the minibar": nothing is the failure;
    // "nothing wrong with the food", "nothing was cold" deny.
    if (w.text === 'nothing' && !NOTHING_DENIES.has(ws[i + 1]?.text ?? '')) continue;
    const prev = ws[i - 1];
    if (w.text === 'not' && prev && prev.clause === w.clause && AUXILIARIES.has(prev.text)) continue;
    const next = ws[i + 1];
    if (next && ABSENCE.has(next.text)) continue;
    if (w.text === 'not' && next) {
      if (A.has(next.text)) {
        if (A_ABSENCE.has(ws[i + 2]?.text ?? '') || thereIs(ws, i)) continue;
        negatedBy[i] = DENIES;
      }
      // "Not the water, the water is fine": a "not" opening its clause names what it is not.
      if ((!prev || prev.clause !== w.clause) && DETERMINERS.has(next.text)) negatedBy[i] = DENIES;
      // "not about the price", "not because of the noise" ("because" starts a clause of its own).
      if (ABOUT.has(next.text) || next.text === 'because' || next.text === 'over' || next.text === 'due') {
        const from = ws[i + 2]?.text === 'of' || ws[i + 2]?.text === 'to' ? i + 3 : i + 2;
        scope(ws, negatedBy, i, from, false, next.clause);
        negatedBy[i] = DENIES;
        continue;
      }
      // "the noise was not the problem", "the price isn't the issue": the topic before is taken back.
      const k = ws[i + 1]?.text === 'the' || A.has(ws[i + 1]?.text ?? '') || ws[i + 1]?.text === 'really' ? i + 2 : i + 1;
      const c = ws[k];
      if (c && COMPLAINT.has(c.text) && c.clause === w.clause && prev && BE.has(prev.text) && prev.clause === w.clause) {
        scopeBack(ws, negatedBy, i, i - 2);
        negatedBy[i] = DENIES;
      }
    }
    scope(ws, negatedBy, i, i + 1, w.text === 'not');
  }
  return negatedBy;
}

/** "there is/was not a": a lack ("there was not a towel"), not a denied topic. */
function thereIs(ws: readonly Word[], i: number): boolean {
  const be = ws[i - 1];
  const there = ws[i - 2];
  return be !== undefined && there !== undefined && BE.has(be.text) && there.text === 'there';
}

/** Marks up to SCOPE_MAX words back from `from` (the subject of "was not the problem"), within the clause. */
function scopeBack(ws: readonly Word[], negatedBy: Int32Array, by: number, from: number): void {
  const clause = (ws[by] as Word).clause;
  for (let j = from; j >= 0 && j > from - SCOPE_MAX; j--) {
    if ((ws[j] as Word).clause !== clause) break;
    if (negatedBy[j] === -1) negatedBy[j] = by;
  }
}

/** Marks up to SCOPE_MAX words from `from` as taken back by the negative word at `by`, within its clause. */
function scope(ws: readonly Word[], negatedBy: Int32Array, by: number, from: number, stopAtAbout: boolean, inClause?: number): void {
  const clause = inClause ?? (ws[by] as Word).clause;
  for (let j = from; j < ws.length && j < from + SCOPE_MAX; j++) {
    const x = ws[j] as Word;
    if (x.clause !== clause) break;
    if (stopAtAbout && ABOUT.has(x.text)) break;
    if (negatedBy[j] === -1) negatedBy[j] = by;
  }
}

/** Where a "be" follows a nobody-subject ("nobody was", "none of the staff were"), or -1. */
function stateAfter(ws: readonly Word[], at: number, clause: number): number {
  const first = ws[at];
  if (!first || first.clause !== clause) return -1;
  if (BE.has(first.text)) return at;
  if (first.text !== 'of') return -1;
  for (let j = at + 1; j < ws.length && j <= at + 4; j++) {
    const x = ws[j] as Word;
    if (x.clause !== clause) return -1;
    if (BE.has(x.text)) return j;
  }
  return -1;
}
