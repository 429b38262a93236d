/**
 * What one typed word points at in the index: phrases sharing its stem, phrases
 * whose words it is related to, and — only for words we do not know at all —
 * phrases with a word it is a small typo of. Cached per engine, because the
 * same few hundred words make up most of what staff type.
 */
import { stem } from './stem.ts';
import { typoEligible, type Postings, type TermIndex } from './term-index.ts';

/** 0 = same stem (exact or stem, decided per phrase word), 2 = typo, 3 = related. */
export const KIND_STEM = 0;
export const KIND_TYPO = 2;
export const KIND_RELATED = 3;

export interface WordLookup {
  stem: string;
  kinds: number[];
  postings: Postings[];
}

const NOTHING: WordLookup = { stem: '', kinds: [], postings: [] };
const CACHE_MAX = 20_000;

export function lookupWord(index: TermIndex, text: string): WordLookup {
  const s = stem(text);
  const kinds: number[] = [];
  const postings: Postings[] = [];
  const direct = index.byStem.get(s);
  if (direct) {
    kinds.push(KIND_STEM);
    postings.push(direct);
  }
  const rel = index.byRelated.get(s);
  if (rel) {
    kinds.push(KIND_RELATED);
    postings.push(rel);
  }
  const relExact = index.byRelatedExact.get(text);
  if (relExact) {
    kinds.push(KIND_RELATED);
    postings.push(relExact);
  }
  if (!direct && !rel && !relExact && typoEligible(index, text, s)) {
    const seen = new Set<string>();
    const short = index.typo.lookupShort(text);
    const nearWords = short !== undefined ? [{ word: short }] : index.typo.lookup(text);
    for (const near of nearWords) {
      const target = index.typoStem.get(near.word) as string;
      const p = index.byStem.get(target);
      if (p && !seen.has(target)) {
        seen.add(target);
        kinds.push(KIND_TYPO);
        postings.push(p);
      }
    }
  }
  return kinds.length === 0 ? { ...NOTHING, stem: s } : { stem: s, kinds, postings };
}

/** A bounded memo around lookupWord for one compiled index. */
export function cachedLookup(index: TermIndex): (text: string) => WordLookup {
  const cache = new Map<string, WordLookup>();
  return (text) => {
    let hit = cache.get(text);
    if (hit === undefined) {
      if (cache.size >= CACHE_MAX) cache.clear(); // a rare reset beats unbounded growth
      hit = lookupWord(index, text);
      cache.set(text, hit);
    }
    return hit;
  };
}
