/**
 * Picks the words to say in the right language: the request's language, else
 * the file's default, else English, else whatever the manager wrote first.
 */
import type { Say } from './schema.ts';

export function pickSay(say: Say | undefined, langs: ReadonlyArray<string | undefined>): string | undefined {
  if (say === undefined) return undefined;
  if (typeof say === 'string') return say;
  for (const lang of [...langs, 'en']) {
    if (lang === undefined) continue;
    const key = lang.toLowerCase().slice(0, 2);
    if (Object.hasOwn(say, key)) return say[key] as string;
  }
  return Object.values(say)[0];
}

/** What wordsFor needs of a rule (or of the fallback): its offer and its words. */
export interface WordsOwner {
  offer: readonly string[];
  say?: Say | undefined;
}

/**
 * The words for the gesture on the table. A rule's words were written for the rule's offer
 * as the manager listed it, so they go with the rule's first gesture only; any other gesture
 * (capped, not at this location, a repeat customer's step up, a swap) brings its own `say`.
 * A gesture without words of its own gets the fallback's, which name no gesture.
 * `owner` is the rule that fired, or the fallback when none did (or the rule is gone).
 */
export function wordsFor(
  owner: WordsOwner,
  gesture: { say?: Say | undefined } | undefined,
  gestureId: string,
  fallbackSay: Say | undefined,
  langs: ReadonlyArray<string | undefined>,
): string {
  if (owner.offer[0] === gestureId) {
    const own = pickSay(owner.say, langs);
    if (own) return own;
  }
  return pickSay(gesture?.say, langs) || pickSay(fallbackSay, langs) || '';
}
