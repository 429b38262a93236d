/**
 * Frequent short English words (2–4 letters, words/short-words.json): a typed
 * word found here is a real word and is never typo-corrected ("cold" is not
 * "could", "form" not "from"). Built on first use.
 */
import LIST from './words/short-words.json' with { type: 'json' };

let words: Set<string> | undefined;

export function isShortWord(word: string): boolean {
  words ??= new Set(LIST.words.split(/\s+/).filter((w) => w.length > 0));
  return words.has(word);
}
