/**
 * Related words front-desk staff use for the same thing. A rule that mentions
 * "noise" also hears "banging" and "blaring"; "dirty" also hears "grimy".
 * A match through a related word scores below a direct match, and the
 * explanation names the word it came through.
 *
 * Each entry is head → related words. The link works both ways (a rule saying
 * "grimy" hears "dirty") but does not chain between siblings ("grimy" does not
 * hear "stained"), which keeps meanings from drifting.
 */
import { stem } from './stem.ts';
import { RELATED_WORDS } from './lexicon-words.ts';

const related = new Map<string, Set<string>>();
const known = new Set<string>();

/** "=showed": heard only as typed, never by stem ("show me the room" is no arrival). */
const bare = (w: string): string => (w.startsWith('=') ? w.slice(1) : w);

function link(from: string, to: string): void {
  const key = stem(bare(from));
  let set = related.get(key);
  if (!set) related.set(key, (set = new Set()));
  if (stem(bare(to)) !== key) set.add(to);
}

for (const [head, words] of Object.entries(RELATED_WORDS)) {
  known.add(head);
  for (const w of words) {
    known.add(bare(w));
    link(head, w);
    link(w, head);
  }
}

/**
 * Related words for a manager's word (matched by stem, so "noises" finds "noise"'s).
 * A word starting with "=" is an exact form: heard only as written, not by its stem.
 */
export function relatedTo(word: string): readonly string[] {
  const set = related.get(stem(word));
  return set ? [...set] : [];
}

/** True for any word in the lexicon: real words, so never treated as typos. */
export function isLexiconWord(word: string): boolean {
  return known.has(word);
}

/** How many head entries the lexicon ships (for the README). */
export const LEXICON_SIZE = Object.keys(RELATED_WORDS).length;
