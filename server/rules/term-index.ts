/**
 * The compiled form of every rule's `mentions`: phrases split into words, each
 * word weighed by how rare it is across rules, and indexed by stem, by related
 * word and by typo neighbourhood, so a request only touches the rules whose
 * words it contains. Built once per rules-file load.
 */
import { phraseWords } from './normalize.ts';
import { stem } from './stem.ts';
import { NEGATORS } from './negation.ts';
import { STOPWORDS } from './stopwords.ts';
import { SHORT_TYPO_LENGTH, TypoIndex } from './typo.ts';
import { isShortWord } from './short-words.ts';
import { relatedTo, isLexiconWord } from './lexicon.ts';
import { isCommonWord } from './common-words.ts';
import type { RuleDef } from './schema.ts';

export interface TermWord {
  text: string;
  stem: string;
  /** A negative word ("not", "never"): any negative word the staff typed fills it. */
  negator: boolean;
  /** A little word that may be missing (scored as a gap). */
  optional: boolean;
  /** Rarity across rules, 0..1: rarer words weigh more. */
  weight: number;
}

export interface Term {
  id: number;
  rule: number;
  /** The manager's phrase as written. */
  phrase: string;
  words: TermWord[];
  /** Bit per word that must be heard through the index (not negative, not little). */
  need: number;
  hasNegator: boolean;
}

/**
 * Where a stem appears: flat pairs [term, pos, term, pos, ...], compact and
 * quick to walk. Little words and negative words are not indexed: the aligner
 * finds them in the text itself.
 */
export type Postings = Int32Array;

export interface TermIndex {
  terms: Term[];
  /** stem → where it appears. */
  byStem: Map<string, Postings>;
  /** stem of a related word → the term words it stands in for. */
  byRelated: Map<string, Postings>;
  /** A related word heard only as typed ("showed", not "show") → the term words it stands in for. */
  byRelatedExact: Map<string, Postings>;
  /** Rule words as written and their stems, for typo lookups of the surface word. */
  typo: TypoIndex;
  /** Each word of the typo vocabulary → the stem it stands for. */
  typoStem: Map<string, string>;
  /** How rare a stem is across rules, 0..1 (1 when no rule uses it): the weight it has as a direct match. */
  rarity: (stem: string) => number;
}

/** Phrases longer than this are cut: a mask per phrase keeps one bit per word. */
export const MAX_PHRASE_WORDS = 24;

const NEGATOR_WEIGHT = 0.3;
const STOPWORD_WEIGHT = 0.15;

function push(map: Map<string, number[]>, key: string, term: number, pos: number): void {
  const list = map.get(key);
  if (list) list.push(term, pos);
  else map.set(key, [term, pos]);
}

function freeze(map: Map<string, number[]>): Map<string, Postings> {
  return new Map([...map].map(([k, v]) => [k, Int32Array.from(v)]));
}

export function buildTermIndex(rules: readonly RuleDef[]): TermIndex {
  const n = Math.max(rules.length, 1);
  const raw: Array<{ rule: number; phrase: string; words: string[] }> = [];
  const df = new Map<string, number>();
  rules.forEach((rule, r) => {
    const seen = new Set<string>();
    for (const phrase of rule.when.mentions ?? []) {
      const ws = phraseWords(phrase).slice(0, MAX_PHRASE_WORDS);
      if (ws.length === 0) continue; // punctuation only: validation warns about it
      raw.push({ rule: r, phrase, words: ws });
      for (const w of ws) seen.add(stem(w));
    }
    for (const s of seen) df.set(s, (df.get(s) ?? 0) + 1);
  });

  const rarity = (s: string): number => Math.log(1 + n / (df.get(s) ?? 1)) / Math.log(1 + n);
  const terms: Term[] = [];
  const byStem = new Map<string, number[]>();
  const byRelated = new Map<string, number[]>();
  const byRelatedExact = new Map<string, number[]>();
  for (const { rule, phrase, words } of raw) {
    const id = terms.length;
    const allLittle = words.every((w) => STOPWORDS.has(w) || NEGATORS.has(w));
    const tws: TermWord[] = words.map((text) => {
      const s = stem(text);
      const negator = NEGATORS.has(text);
      const little = !negator && STOPWORDS.has(text) && !allLittle;
      return { text, stem: s, negator, optional: little, weight: negator ? NEGATOR_WEIGHT : little ? STOPWORD_WEIGHT : rarity(s) };
    });
    let need = 0;
    tws.forEach((w, pos) => {
      // Phrases of only little or negative words ("the", "not") would fire on anything: never indexed.
      if (allLittle || w.negator || w.optional) return; // found in the text by the aligner
      need |= 1 << pos;
      push(byStem, w.stem, id, pos);
      for (const rel of relatedTo(w.text)) {
        if (rel.startsWith('=')) {
          push(byRelatedExact, rel.slice(1), id, pos);
          continue;
        }
        const rs = stem(rel);
        if (rs !== w.stem) push(byRelated, rs, id, pos);
      }
    });
    terms.push({ id, rule, phrase, words: tws, need, hasNegator: tws.some((w) => w.negator) });
  }
  // Typos are measured against the words as written ("working") and their stems ("work"):
  // a typed "wrking" is near the first, though its own stem is too short to guess from.
  const typoStem = new Map<string, string>();
  for (const t of terms) {
    for (const w of t.words) {
      if (w.negator || STOPWORDS.has(w.text)) continue;
      typoStem.set(w.text, w.stem);
      if (!STOPWORDS.has(w.stem)) typoStem.set(w.stem, w.stem);
    }
  }
  return { terms, byStem: freeze(byStem), byRelated: freeze(byRelated), byRelatedExact: freeze(byRelatedExact), typo: new TypoIndex(typoStem.keys()), typoStem, rarity };
}

/** Longer "words" are pasted junk, not typos; their deletion sets would be huge. */
const MAX_TYPO_WORD = 24;

/**
 * Words worth a typo lookup: long enough as typed (the stem may be shorter:
 * "wrking"), not little, not numbers, not words we already know, and not real
 * words — "though" is never a typo of "tough".
 */
export function typoEligible(index: TermIndex, text: string, s: string): boolean {
  return (
    (text.length >= 5 || (text.length === SHORT_TYPO_LENGTH && !isShortWord(text))) &&
    text.length <= MAX_TYPO_WORD &&
    !/\d/.test(text) &&
    !STOPWORDS.has(text) &&
    !index.byStem.has(s) &&
    !index.byRelated.has(s) &&
    !index.byRelatedExact.has(text) &&
    !isLexiconWord(text) &&
    !isCommonWord(text)
  );
}
