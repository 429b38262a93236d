/**
 * The related-word list we ship, grouped by the trades makegood serves.
 * Single words only (phrases belong in the rules file); "=word" is heard
 * only exactly as written, never by stem. Keep entries to words
 * staff really type for the same complaint; a loose entry makes rules fire on
 * the wrong thing, so words with two common meanings stay out ("check",
 * "line", "lot", "off", "credit"). Head words are what a manager is likely to
 * write; links work both ways but never between siblings.
 *
 * Words are matched by stem, so a word whose stem is also a common unrelated
 * word stays out too: "slip" (slipped), "purchase" (purchased), "goods" (good),
 * "ages" (age), "sorted" (sort of), "ring" (a lost ring), "cooling" (cool),
 * "dried" (dry cleaning), "expired" (a card), "strand" (stranded), "turned",
 * "showed" (only as typed: "never showed"), "checkout" (hotel), "tripped" (trip), "fell" (fell asleep),
 * "courtesy", "starter" (car), "snapped" (snapped at me), "repeated" (repeat
 * guest), "listed" (list), "packed", "jammed" (jam). test/unit/match-lexicon.test.ts
 * holds one sentence for each.
 *
 * The words themselves are data: words/related-words.json, grouped by trade.
 */
import LIST from './words/related-words.json' with { type: 'json' };

/** Head word → related words, all trades together. */
const groups = LIST.groups as unknown as ReadonlyArray<{ trade: string; words: Record<string, string[]> }>;
export const RELATED_WORDS: Readonly<Record<string, readonly string[]>> = Object.assign({}, ...groups.map((g) => g.words));
