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
import { TypoIndex } from './typo.ts';
import { relatedTo, isLexiconWord } from './lexicon.ts';
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
}

export interface Posting {
  term: number;
  /** Which word of the term. */
  pos: number;
}

export interface TermIndex {
  terms: Term[];
  /** stem → where it appears. */
  byStem: Map<string, Posting[]>;
  /** stem of a related word → the term words it stands in for. */
  byRelated: Map<string, Posting[]>;
  typo: TypoIndex;
}

const NEGATOR_WEIGHT = 0.3;
const STOPWORD_WEIGHT = 0.15;

function push(map: Map<string, Posting[]>, key: string, p: Posting): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

export function buildTermIndex(rules: readonly RuleDef[]): TermIndex {
  const n = Math.max(rules.length, 1);
  const raw: Array<{ rule: number; phrase: string; words: string[] }> = [];
  const df = new Map<string, number>();
  rules.forEach((rule, r) => {
    const seen = new Set<string>();
    for (const phrase of rule.when.mentions ?? []) {
      const ws = phraseWords(phrase);
      if (ws.length === 0) continue; // punctuation only: validation warns about it
      raw.push({ rule: r, phrase, words: ws });
      for (const w of ws) seen.add(stem(w));
    }
    for (const s of seen) df.set(s, (df.get(s) ?? 0) + 1);
  });

  const rarity = (s: string): number => Math.log(1 + n / (df.get(s) ?? 1)) / Math.log(1 + n);
  const terms: Term[] = [];
  const byStem = new Map<string, Posting[]>();
  const byRelated = new Map<string, Posting[]>();
  for (const { rule, phrase, words } of raw) {
    const id = terms.length;
    const allLittle = words.every((w) => STOPWORDS.has(w) || NEGATORS.has(w));
    const tws: TermWord[] = words.map((text) => {
      const s = stem(text);
      const negator = NEGATORS.has(text);
      const little = !negator && STOPWORDS.has(text) && !allLittle;
      return { text, stem: s, negator, optional: little, weight: negator ? NEGATOR_WEIGHT : little ? STOPWORD_WEIGHT : rarity(s) };
    });
    terms.push({ id, rule, phrase, words: tws });
    tws.forEach((w, pos) => {
      if (w.negator) return; // filled by any negative word at match time
      push(byStem, w.stem, { term: id, pos });
      if (w.optional) return;
      for (const rel of relatedTo(w.text)) {
        const rs = stem(rel);
        if (rs !== w.stem) push(byRelated, rs, { term: id, pos });
      }
    });
  }
  const vocabulary = [...byStem.keys()].filter((s) => !STOPWORDS.has(s));
  return { terms, byStem, byRelated, typo: new TypoIndex(vocabulary) };
}

/** Words worth a typo lookup: not little, not numbers, not words we already know. */
export function typoEligible(index: TermIndex, text: string, s: string): boolean {
  return (
    text.length >= 5 && !/\d/.test(text) && !STOPWORDS.has(text) && !index.byStem.has(s) && !index.byRelated.has(s) && !isLexiconWord(text)
  );
}
