/**
 * Reads how long the customer waited (or will wait) from what staff typed,
 * for when the context does not say: "waited 35 mins", "3 hrs late",
 * "forty minutes", "half an hour", "a two-hour delay", "an hour and a half",
 * "2 days", "until tomorrow"; in Spanish "lleva 50 minutos esperando", "un
 * cuarto de hora", "dos horas y pico", "media hora", "hace una hora que espera".
 *
 * Only durations that are waits count. A duration is NOT a wait when the
 * words around it say what else it measures: "an 11 hour flight", "a 3 day
 * stay", "slept 4 hours", "5 days ago", "open 24 hours", "every 20 minutes",
 * "4 hours of sleep". A wait word near it ("waited", "late", "been", "for",
 * "still", "esperando", "lleva"…) keeps it a wait whatever else is near. A
 * bare duration ("forty minutes") is read as a wait.
 *
 * Choices, so rules can rely on them:
 *  - a day is 1440 minutes and a week 7 days (a rule "a day or more" is at_least: 1440);
 *  - "until tomorrow", "overnight", "next day" count as one day (1440);
 *    "next week" as seven (10080), like "a week" and "in a week";
 *  - "all day" is a working day, 480; "all morning/afternoon/evening" 180;
 *  - "hours" with no number ("waited for hours") counts as 2 hours;
 *  - "a couple of" is 2, "a few" and "several" 3; "y pico" (and a bit) adds nothing;
 *  - when the text gives several waits, the longest counts.
 * The words are data (words/wait-words.json), English and Spanish together.
 */
import type { Word } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import WORDS from './words/wait-words.json' with { type: 'json' };

// Maps, not objects: a typed "constructor" must not look like a number or a unit.
const ONES: ReadonlyMap<string, number> = new Map(Object.entries(WORDS.numbers));
const TENS: ReadonlyMap<string, number> = new Map(Object.entries(WORDS.tens));
const UNIT_MINUTES: ReadonlyMap<string, number> = new Map(Object.entries(WORDS.units));
const SINGULAR = new Set(WORDS.singular_units);
const FILLER = new Set(WORDS.filler);
const FRACTIONS = new Set(WORDS.fractions);
const TENS_AND = new Set(WORDS.tens_and);
const FIXED: ReadonlyMap<string, number> = new Map(Object.entries(WORDS.fixed));
const PLURAL_NO_NUMBER: ReadonlyMap<string, number> = new Map(Object.entries(WORDS.plural_no_number));
const WAIT_NOUNS = new Set(WORDS.wait_nouns);
const ARRIVAL = new Set(WORDS.arrival_cues);
const AGO = new Set(WORDS.ago);
const ELLIPSIS = new Set(WORDS.ellipsis);

/** Exact words and `prefix*` entries, as one test. */
function wordTest(list: readonly string[]): (w: string) => boolean {
  const exact = new Set(list.filter((x) => !x.endsWith('*')));
  const prefixes = list.filter((x) => x.endsWith('*')).map((x) => x.slice(0, -1));
  return (w) => exact.has(w) || prefixes.some((p) => w.startsWith(p));
}
const isWaitCue = wordTest(WORDS.wait_cues);
const isNotWaitBefore = wordTest(WORDS.not_wait_before);
/** "hace una hora que espera": a verb of waiting makes even an "ago" a wait. */
const isWaitVerb = wordTest(WORDS.wait_verbs);
const NOT_AFTER = WORDS.not_wait_after.map((p) => p.split(' '));

/** Word sequences ("and a half") as lists, with how much of the unit each adds. */
const TAILS: ReadonlyArray<readonly [readonly string[], number]> = [
  ...WORDS.and_a_half.map((t) => [t, 0.5] as const),
  ...WORDS.and_a_quarter.map((t) => [t, 0.25] as const),
  ...WORDS.and_a_bit.map((t) => [t, 0] as const),
];

const FIXED_MAX_WORDS = Math.max(...[...FIXED.keys()].map((k) => k.split(' ').length));

const at = (ws: readonly Word[], i: number): string | undefined => ws[i]?.text;

function seqAt(ws: readonly Word[], i: number, seq: readonly string[]): boolean {
  for (let k = 0; k < seq.length; k++) if (at(ws, i + k) !== seq[k]) return false;
  return true;
}

interface Quantity { value: number; next: number }

/** A number at i: digits, "forty five", "veinte y cinco", "a", "half", "two and a half". */
function quantity(ws: readonly Word[], i: number): Quantity | null {
  const t = at(ws, i);
  if (t === undefined) return null;
  let value: number;
  let next = i + 1;
  if (/^\d+(\.\d+)?$/.test(t)) value = Number(t);
  else if (TENS.has(t)) {
    value = TENS.get(t) as number;
    const k = TENS_AND.has(at(ws, next) ?? '') ? next + 1 : next;
    const unit = at(ws, k);
    const ones = unit === undefined || unit === 'a' || unit === 'an' || unit === 'un' || unit === 'una' ? undefined : ONES.get(unit);
    if (ones !== undefined && ones >= 1 && ones <= 9) {
      value += ones;
      next = k + 1;
    }
  } else if (ONES.has(t)) value = ONES.get(t) as number;
  else return null;
  // "two and a half hours"
  for (const [tail, add] of TAILS) {
    if (add > 0 && seqAt(ws, next, tail)) {
      value += add;
      next += tail.length;
      break;
    }
  }
  return { value, next };
}

interface Duration { minutes: number; start: number; unitAt: number; next: number }

/** Minutes in a duration starting at i, and where it ends. */
function durationAt(ws: readonly Word[], i: number): Duration | null {
  const q = quantity(ws, i);
  if (!q) return null;
  let j = q.next;
  // "a half hour", "half an hour", "a couple of hours", "un cuarto de hora": skip little words, never two numbers in a row.
  let hops = 0;
  while (j < ws.length && hops < 3 && !UNIT_MINUTES.has(ws[j]!.text)) {
    const w = ws[j]!.text;
    if (FILLER.has(w)) { j++; hops++; continue; }
    if (FRACTIONS.has(w)) {
      const inner = quantity(ws, j);
      if (!inner) break;
      q.value *= inner.value;
      j = inner.next;
      hops++;
      continue;
    }
    break;
  }
  const unitWord = at(ws, j);
  if (unitWord === undefined || !UNIT_MINUTES.has(unitWord)) return null;
  // A bare "m"/"d"/"h" only counts right after digits ("35m"), not "a d".
  if (unitWord.length === 1 && !/^\d/.test(ws[i]!.text)) return null;
  const unit = UNIT_MINUTES.get(unitWord) as number;
  const unitAt = j;
  let minutes = q.value * unit;
  j++;
  // "an hour and a half", "una hora y media", "dos horas y pico", "1 hour and 20 minutes", "2 hrs 15 mins"
  const tail = TAILS.find(([t]) => seqAt(ws, j, t));
  if (tail) {
    minutes += unit * tail[1];
    j += tail[0].length;
  } else if (unit > 1) {
    const k = at(ws, j) === 'and' || at(ws, j) === 'y' ? j + 1 : j;
    const rest = durationAt(ws, k);
    if (rest && rest.minutes < unit) {
      minutes += rest.minutes;
      j = rest.next;
    }
  }
  return { minutes, start: i, unitAt, next: j };
}

/** "hora y media" with no number before it: a unit is one of itself when a tail follows. */
function bareUnitAt(ws: readonly Word[], i: number): Duration | null {
  const t = at(ws, i);
  if (t === undefined || t.length === 1 || !UNIT_MINUTES.has(t) || !SINGULAR_OR_ES(t)) return null;
  const tail = TAILS.find(([s]) => seqAt(ws, i + 1, s));
  if (!tail) return null;
  const unit = UNIT_MINUTES.get(t) as number;
  return { minutes: unit * (1 + tail[1]), start: i, unitAt: i, next: i + 1 + tail[0].length };
}
const SINGULAR_OR_ES = (t: string): boolean => SINGULAR.has(t) || t === 'hora' || t === 'dia' || t === 'semana' || t === 'minuto';

/** Is the duration at [d.start, d.next) a wait, from the words around it? */
function isWait(ws: readonly Word[], d: Duration, q: number): boolean {
  const clause = ws[d.start]!.clause;
  const sameClause = (k: number): boolean => ws[k] !== undefined && ws[k]!.clause === clause;
  // What comes right after: "5 days ago", "4 hours of sleep", "a 3 day stay".
  // "arrived an hour ago", "llegó hace una hora": time since arriving is waiting; "5 days ago" alone is not.
  const ago = AGO.has(at(ws, d.next) ?? '') || AGO.has(at(ws, d.start - 1) ?? '');
  if (ago) {
    for (let k = d.start - 1; k >= d.start - 5 && k >= 0 && sameClause(k); k--) if (ARRIVAL.has(ws[k]!.text) || isWaitVerb(ws[k]!.text)) return true;
    for (let k = d.next; k < d.next + 3 && sameClause(k); k++) if (isWaitVerb(ws[k]!.text)) return true;
    return false;
  }
  for (const seq of NOT_AFTER) if (sameClause(d.next) && seqAt(ws, d.next, seq)) return false;
  // "an 11 hour flight", "his 8 hour shift": a singular unit after a number above one describes the next word.
  const unitWord = ws[d.unitAt]!.text;
  if (q > 1 && SINGULAR.has(unitWord) && d.next === d.unitAt + 1) {
    const noun = at(ws, d.next);
    if (noun !== undefined && sameClause(d.next) && /^[a-z]+$/.test(noun) && !STOPWORDS.has(noun) && !isWaitCue(noun)) return WAIT_NOUNS.has(noun);
  }
  for (let k = d.start - 1; k >= d.start - 4 && k >= 0 && sameClause(k); k--) if (isWaitCue(ws[k]!.text)) return true;
  for (let k = d.next; k < d.next + 3 && sameClause(k); k++) if (isWaitCue(ws[k]!.text)) return true;
  for (let k = d.start - 1; k >= d.start - 3 && k >= 0 && sameClause(k); k--) if (isNotWaitBefore(ws[k]!.text)) return false;
  return true;
}

/** The longest wait the text mentions, in whole minutes, or undefined. */
export function waitFromText(ws: readonly Word[]): number | undefined {
  let best: number | undefined;
  const take = (m: number): void => {
    if (best === undefined || m > best) best = m;
  };
  let lastUnit = 0;
  for (let i = 0; i < ws.length; i++) {
    const t = ws[i]!.text;
    for (let n = FIXED_MAX_WORDS; n >= 1; n--) {
      const key = ws.slice(i, i + n).map((w) => w.text).join(' ');
      const fixed = FIXED.get(key);
      if (fixed !== undefined) {
        take(fixed);
        break;
      }
    }
    const plural = PLURAL_NO_NUMBER.get(t);
    if (plural !== undefined && !quantity(ws, i - 1) && !FILLER.has(at(ws, i - 1) ?? '') && isWaitCueNear(ws, i)) take(plural); // "waited for hours"
    // "promised in 5 days and it's been 15", "debía tardar una hora y ya van tres": the number takes the last unit.
    if (lastUnit > 0 && ELLIPSIS.has(t)) {
      const q = quantity(ws, i + 1);
      if (q && q.value >= 1 && !UNIT_MINUTES.has(at(ws, q.next) ?? '') && !FRACTIONS.has(at(ws, q.next) ?? '')) {
        take(q.value * lastUnit);
        i = q.next - 1;
        continue;
      }
    }
    const d = durationAt(ws, i) ?? bareUnitAt(ws, i);
    if (d) {
      if (isWait(ws, d, quantity(ws, i)?.value ?? 1)) take(d.minutes);
      lastUnit = UNIT_MINUTES.get(ws[d.unitAt]!.text) as number;
      i = d.next - 1;
    }
  }
  return best === undefined ? undefined : Math.round(best);
}

/** "waited for hours" counts; "hours of sleep", "open hours" do not. */
function isWaitCueNear(ws: readonly Word[], i: number): boolean {
  return isWait(ws, { minutes: 0, start: i, unitAt: i, next: i + 1 }, 1);
}
