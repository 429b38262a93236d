/**
 * From a rule's offer list to the gesture staff see, and up to two alternatives.
 *
 *  1. Offer order: the first gesture that fits is recommended, the next two
 *     that fit are the alternatives.
 *  2. Fits: exists at this location (`only_at`; with no location given, a
 *     gesture limited to some locations is left out) and, when the amount
 *     paid is known, is worth no more than value_cap_percent of it.
 *  3. Repeat customer: for each earlier recovery inside the repeat window the
 *     pick steps up to the next stronger fitting gesture of the same offer
 *     list (the cheapest one worth more than the current pick). Managers list
 *     offers by preference, not by value, so "next stronger" goes by value.
 *     Already the strongest: it stays, and a note says so.
 *  4. Nothing in the offer fits: the fallback's gestures are tried the same way.
 *     Still nothing: the cheapest gesture that exists here is offered, marked
 *     for approval, with a note — staff always get an answer.
 *  5. Worth more than approval_above: needs_approval.
 */
import type { GestureView } from '../contract/recommendation.ts';
import type { GestureDef, RulesDoc } from './schema.ts';
import { pickSay } from './say.ts';

export interface GestureChoice {
  gesture: GestureView;
  alternatives: GestureView[];
  notes: string[];
}

export interface ChoiceInput {
  location?: string;
  amount_paid?: number;
  previous_recoveries: number;
  langs: ReadonlyArray<string | undefined>;
}

function view(doc: RulesDoc, id: string, g: GestureDef, langs: ChoiceInput['langs'], forceApproval = false): GestureView {
  // A label is never empty (the schema says so), so pickSay always finds one.
  const label = pickSay(g.label, langs) as string;
  const v: GestureView = { id, label, value: g.value, kind: g.kind, needs_approval: forceApproval || g.value > doc.approval_above };
  const say = pickSay(g.say, langs);
  if (say !== undefined) v.say = say;
  return v;
}

function fitting(doc: RulesDoc, offer: readonly string[], input: ChoiceInput, notes: string[], applyCap: boolean): string[] {
  const loc = input.location?.toLowerCase();
  const cap = input.amount_paid !== undefined ? (input.amount_paid * doc.value_cap_percent) / 100 : undefined;
  const out: string[] = [];
  for (const id of offer) {
    const g = doc.gestures[id];
    if (!g) {
      notes.push(`"${id}" is not a gesture in the file; skipped`);
      continue;
    }
    if (g.only_at && (loc === undefined || !g.only_at.includes(loc))) {
      notes.push(`"${id}" is only at ${g.only_at.join(', ')}; ${loc === undefined ? 'no location given' : `not at ${loc}`}`);
      continue;
    }
    if (applyCap && cap !== undefined && g.value > cap) {
      notes.push(`"${id}" (${g.value} ${doc.currency}) is over the value cap: ${doc.value_cap_percent}% of ${input.amount_paid} paid is ${round2(cap)}`);
      continue;
    }
    out.push(id);
  }
  return out;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Steps up once per earlier recovery to the cheapest fitting gesture worth more. */
function escalate(doc: RulesDoc, fits: readonly string[], start: string, steps: number, notes: string[]): string {
  let pick = start;
  for (let s = 0; s < steps; s++) {
    const current = (doc.gestures[pick] as GestureDef).value;
    let next: string | undefined;
    for (const id of fits) {
      const v = (doc.gestures[id] as GestureDef).value;
      if (v > current && (next === undefined || v < (doc.gestures[next] as GestureDef).value)) next = id;
    }
    if (next === undefined) break;
    pick = next;
  }
  const times = steps === 1 ? '1 earlier recovery' : `${steps} earlier recoveries`;
  if (pick === start) notes.push(`repeat customer (${times}): "${start}" is already the strongest fitting offer`);
  else notes.push(`repeat customer (${times}): stepped up from "${start}" to "${pick}"`);
  return pick;
}

export function chooseGesture(doc: RulesDoc, offer: readonly string[], input: ChoiceInput): GestureChoice {
  const notes: string[] = [];
  let fits = fitting(doc, offer, input, notes, true);
  if (fits.length === 0 && offer !== doc.fallback.offer) {
    notes.push('nothing in this rule\'s offer fits; trying the fallback\'s gestures');
    fits = fitting(doc, doc.fallback.offer, input, notes, true);
  }
  if (fits.length === 0) {
    const here = fitting(doc, [...offer, ...doc.fallback.offer], input, [], false);
    const pool = here.length > 0 ? here : [...offer, ...doc.fallback.offer].filter((id) => doc.gestures[id]);
    const cheapest = pool.sort((a, b) => (doc.gestures[a] as GestureDef).value - (doc.gestures[b] as GestureDef).value)[0];
    if (cheapest === undefined) throw new Error('rules document offers no known gesture; validation should have caught this');
    notes.push(`no gesture fits within the limits; offering the cheapest, "${cheapest}", for a manager to approve`);
    return { gesture: view(doc, cheapest, doc.gestures[cheapest] as GestureDef, input.langs, true), alternatives: [], notes };
  }
  let pick = fits[0] as string;
  if (input.previous_recoveries >= 1) pick = escalate(doc, fits, pick, Math.floor(input.previous_recoveries), notes);
  const gesture = view(doc, pick, doc.gestures[pick] as GestureDef, input.langs);
  if (gesture.needs_approval) notes.push(`"${pick}" is worth ${gesture.value} ${doc.currency}, over the approval threshold of ${doc.approval_above}: needs a manager's approval`);
  const alternatives = fits
    .filter((id) => id !== pick)
    .slice(0, 2)
    .map((id) => view(doc, id, doc.gestures[id] as GestureDef, input.langs));
  return { gesture, alternatives, notes };
}

/** What the limits say about a gesture chosen later (a swap): may it be given here, and must a manager approve it? */
export interface GestureCheck {
  /** Set when the gesture cannot be given here at all (only_at). */
  refusal?: string;
  needs_approval: boolean;
  /** Why it needs approval, readable. */
  why: string[];
}

/**
 * The same limits chooseGesture applies, for a gesture picked after the recommendation:
 * only_at (refused elsewhere), approval_above and the value cap (a manager must approve).
 * `value` is the value the recommendation offered it at.
 */
export function checkGesture(doc: RulesDoc, id: string, value: number, input: { location?: string | undefined; amount_paid?: number | undefined }): GestureCheck {
  const why: string[] = [];
  const g = doc.gestures[id];
  const loc = input.location?.toLowerCase();
  if (g?.only_at && (loc === undefined || !g.only_at.includes(loc))) {
    return { refusal: `"${id}" is only at ${g.only_at.join(', ')}; ${loc === undefined ? 'no location given' : `not at ${loc}`}`, needs_approval: false, why };
  }
  if (value > doc.approval_above) why.push(`"${id}" is worth ${value} ${doc.currency}, over the approval threshold of ${doc.approval_above}`);
  const paid = input.amount_paid;
  if (typeof paid === 'number' && Number.isFinite(paid) && paid >= 0) {
    const cap = (paid * doc.value_cap_percent) / 100;
    if (value > cap) why.push(`"${id}" (${value} ${doc.currency}) is over the value cap: ${doc.value_cap_percent}% of ${paid} paid is ${round2(cap)}`);
  }
  return { needs_approval: why.length > 0, why };
}
