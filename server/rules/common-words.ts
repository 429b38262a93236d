/**
 * Common English words, so that a real word is never "corrected" into a rule
 * word: "though" is not a typo of "tough", nor "writer" of "waiter", nor
 * "small" of "smells". Typos are only guessed for words found neither here
 * nor in the lexicon nor in the rules.
 *
 * Source: the ~10,000 most frequent English words of web text (the
 * google-10000-english list, as shipped in the npm package acron 1.0.6, MIT),
 * kept to 5–24 plain letters: shorter words are never typo-corrected anyway.
 * 7684 words (a few spam and brand words dropped), about 64 KB.
 * The words are data: words/common-words.json ("web" and "trade").
 */
import { stem } from './stem.ts';
import LIST from './words/common-words.json' with { type: 'json' };

const WORDS = LIST.web;
const TRADE_WORDS = LIST.trade;

let words: Set<string> | undefined;
let stems: Set<string> | undefined;

function load(): void {
  words = new Set(`${WORDS} ${TRADE_WORDS}`.split(/\s+/).filter((w) => w.length > 0));
  stems = new Set([...words].map(stem));
}

/**
 * True for a common word or a plain inflection of one ("writers", "smelled"):
 * its stem is the stem of a common word. Built on first use.
 */
export function isCommonWord(word: string): boolean {
  if (words === undefined) load();
  return (words as Set<string>).has(word) || (stems as Set<string>).has(stem(word));
}
