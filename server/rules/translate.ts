/**
 * The hook where a description in another language is mapped onto the rules'
 * language (Spanish words → the English words of the rules' mentions, through
 * corpus/glossary-es-en.tsv) before the word matcher reads it. The example
 * matcher does not need it: it compares Spanish descriptions with Spanish
 * corpus lines and examples directly.
 *
 * Spanish → English is spanish-map.ts; other pairs return null (no mapping:
 * the word matcher reads the words as typed).
 */
import type { Word } from './normalize.ts';
import type { LearnData } from './learn-data.ts';
import type { TermIndex } from './term-index.ts';
import { stem } from './stem.ts';
import { mapSpanish } from './spanish-map.ts';
import { spanishGlossary } from './spanish-glossary.ts';

export interface Heard {
  from: string;
  to: string;
}

export interface Mapped {
  /** The description in the rules' language, word by word, for the word matcher. */
  words: Word[];
  /** What was heard as what, for the explanation. */
  heard: Heard[];
}

export function toRuleLanguage(ws: readonly Word[], from: string, to: string, data: LearnData, index?: TermIndex): Mapped | null {
  // Spanish → English through corpus/glossary-es-en.tsv (spanish-map.ts); a rule's own words are kept as typed.
  if (from !== 'es' || to !== 'en' || data.glossary.size === 0) return null;
  return mapSpanish(ws, spanishGlossary(data), { little: data.markers.get('es') ?? new Set(), ...(index ? { known: (w: string) => index.byStem.has(stem(w)) } : {}) });
}
