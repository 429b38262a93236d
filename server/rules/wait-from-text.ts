/**
 * Reads how long the customer waited (or will wait) from what staff typed,
 * for when the context does not say: "waited 35 mins", "3 hrs late",
 * "forty minutes", "half an hour", "a two-hour delay", "an hour and a half",
 * "2 days", "until tomorrow".
 *
 * Choices, so rules can rely on them:
 *  - a day is 1440 minutes and a week 7 days (a rule "a day or more" is at_least: 1440);
 *  - "until tomorrow", "overnight", "next day" count as one day (1440);
 *    "next week" as seven (10080), like "a week" and "in a week";
 *  - "all day" is a working day, 480; "all morning/afternoon/evening" 180;
 *  - "hours" with no number ("waited for hours") counts as 2 hours;
 *  - "a couple of" is 2, "a few" and "several" 3;
 *  - when the text gives several durations, the longest counts.
 */
import type { Word } from './normalize.ts';

const ONES: ReadonlyMap<string, number> = new Map(Object.entries({
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, couple: 2, few: 3, several: 3, half: 0.5, quarter: 0.25,
}));
const TENS: ReadonlyMap<string, number> = new Map(Object.entries({ twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }));

// Maps, not objects: a typed "constructor" must not look like a number or a unit.
const UNIT_MINUTES: ReadonlyMap<string, number> = new Map(Object.entries({
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1, mn: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 1440, day: 1440, days: 1440,
  wk: 10080, wks: 10080, week: 10080, weeks: 10080,
}));
const FILLER = new Set(['of', 'an', 'a', 'more', 'whole', 'full', 'entire', 'solid', 'extra', 'good', 'long', 'plus']);

const ONE_DAY = 1440;

interface Quantity { value: number; next: number }

/** A number at i: digits, "forty five", "a", "half", "two and a half". */
function quantity(ws: readonly Word[], i: number): Quantity | null {
  const t = ws[i]?.text;
  if (t === undefined) return null;
  let value: number;
  let next = i + 1;
  if (/^\d+(\.\d+)?$/.test(t)) value = Number(t);
  else if (TENS.has(t)) {
    value = TENS.get(t) as number;
    const unit = ws[next]?.text;
    const ones = unit === undefined || unit === 'a' || unit === 'an' ? undefined : ONES.get(unit);
    if (ones !== undefined && ones >= 1 && ones <= 9) {
      value += ones;
      next++;
    }
  } else if (ONES.has(t)) value = ONES.get(t) as number;
  else return null;
  // "two and a half hours"
  if (ws[next]?.text === 'and' && ws[next + 1]?.text === 'a' && ws[next + 2]?.text === 'half') {
    value += 0.5;
    next += 3;
  }
  return { value, next };
}

/** Minutes in a duration starting at i, and where it ends. */
function durationAt(ws: readonly Word[], i: number): { minutes: number; next: number } | null {
  const q = quantity(ws, i);
  if (!q) return null;
  let j = q.next;
  // "a half hour", "half an hour", "a couple of hours": skip little words, but never two numbers in a row.
  let hops = 0;
  while (j < ws.length && hops < 3 && !UNIT_MINUTES.has((ws[j] as Word).text)) {
    const w = (ws[j] as Word).text;
    if (FILLER.has(w)) { j++; hops++; continue; }
    if (w === 'half' || w === 'couple' || w === 'few' || w === 'quarter') {
      const inner = quantity(ws, j);
      if (!inner) break;
      q.value *= inner.value;
      j = inner.next;
      hops++;
      continue;
    }
    break;
  }
  const unitWord = ws[j]?.text;
  if (unitWord === undefined || !UNIT_MINUTES.has(unitWord)) return null;
  // A bare "m"/"d"/"h" only counts right after digits ("35m"), not "a d".
  if (unitWord.length === 1 && !/^\d/.test((ws[i] as Word).text)) return null;
  const unit = UNIT_MINUTES.get(unitWord) as number;
  let minutes = q.value * unit;
  j++;
  // "an hour and a half", "1 hour and 20 minutes", "2 hrs 15 mins"
  if (ws[j]?.text === 'and' && ws[j + 1]?.text === 'a' && ws[j + 2]?.text === 'half') {
    minutes += unit / 2;
    j += 3;
  } else if (unit > 1) {
    const k = ws[j]?.text === 'and' ? j + 1 : j;
    const rest = durationAt(ws, k);
    if (rest && rest.minutes < unit) {
      minutes += rest.minutes;
      j = rest.next;
    }
  }
  return { minutes, next: j };
}

/** The longest wait the text mentions, in whole minutes, or undefined. */
export function waitFromText(ws: readonly Word[]): number | undefined {
  let best: number | undefined;
  const take = (m: number): void => {
    if (best === undefined || m > best) best = m;
  };
  for (let i = 0; i < ws.length; i++) {
    const t = (ws[i] as Word).text;
    const next = ws[i + 1]?.text;
    if (t === 'overnight' || t === 'tomorrow' || (t === 'next' && next === 'day') || (t === 'another' && next === 'day')) take(ONE_DAY);
    else if (t === 'next' && next === 'week') take(7 * ONE_DAY); // "until next week", "next week at the earliest"
    else if (t === 'all' && next === 'day') take(480);
    else if (t === 'all' && (next === 'morning' || next === 'afternoon' || next === 'evening')) take(180);
    else if ((t === 'hours' || t === 'days' || t === 'weeks') && !quantity(ws, i - 1) && !FILLER.has(ws[i - 1]?.text ?? '')) {
      take((UNIT_MINUTES.get(t) as number) * 2); // "waited for hours"
    }
    const d = durationAt(ws, i);
    if (d) {
      take(d.minutes);
      i = d.next - 1;
    }
  }
  return best === undefined ? undefined : Math.round(best);
}
