import { describe, it, expect } from 'vitest';
import { buildTermIndex } from '../../server/rules/term-index.ts';
import { lookupWord } from '../../server/rules/word-lookup.ts';
import { relatedTo, isLexiconWord, LEXICON_SIZE } from '../../server/rules/lexicon.ts';
import { RELATED_WORDS } from '../../server/rules/lexicon-words.ts';
import { stem } from '../../server/rules/stem.ts';
import { doc, mentions } from '../support/rules-builders.ts';

const rules = (...specs: ReturnType<typeof mentions>[]) => doc({ rules: specs }).rules;

/** Which rules a stem's postings point at. */
function rulesFor(index: ReturnType<typeof buildTermIndex>, word: string): number[] {
  const p = index.byStem.get(stem(word)) ?? new Int32Array();
  const out = new Set<number>();
  for (let i = 0; i < p.length; i += 2) out.add(index.terms[p[i]!]!.rule);
  return [...out].sort();
}

describe('term index', () => {
  const index = buildTermIndex(
    rules(
      mentions('a', ['broken shower', 'leaking']),
      mentions('b', ['broken', 'scratched']),
      mentions('c', ['forgot to order', 'no hot water']),
    ),
  );

  it('points each stem at only the phrases that contain it', () => {
    expect(rulesFor(index, 'broken')).toEqual([0, 1]);
    expect(rulesFor(index, 'shower')).toEqual([0]);
    expect(rulesFor(index, 'leaks')).toEqual([0]); // by stem
    expect(rulesFor(index, 'parking')).toEqual([]);
  });

  it('does not index little words or negative words (the aligner finds those in the text)', () => {
    expect(index.byStem.has('to')).toBe(false);
    expect(index.byStem.has('no')).toBe(false);
    const water = index.terms.find((t) => t.phrase === 'no hot water')!;
    expect(water.hasNegator).toBe(true);
    expect(water.need).toBe(0b110); // "hot" and "water" must be heard
  });

  it('weighs a word used by fewer rules more', () => {
    const w = (phrase: string, word: string) => index.terms.find((t) => t.phrase === phrase)!.words.find((x) => x.text === word)!.weight;
    expect(w('broken shower', 'shower')).toBeGreaterThan(w('broken shower', 'broken'));
    expect(w('broken shower', 'shower')).toBeLessThanOrEqual(1);
  });

  it('indexes related words under their own stem', () => {
    const p = index.byRelated.get(stem('busted'));
    expect(p).toBeDefined();
    expect(new Set([...Array(p!.length / 2).keys()].map((i) => index.terms[p![i * 2]!]!.rule))).toEqual(new Set([0, 1]));
  });

  it('looks up a typed word once: stem, related, or a typo only for unknown words', () => {
    expect(lookupWord(index, 'showers').kinds).toEqual([0]);
    expect(lookupWord(index, 'busted').kinds).toEqual([3]);
    expect(lookupWord(index, 'shwoer').kinds).toEqual([2]);
    expect(lookupWord(index, 'stained').kinds).toEqual([]); // a real word: never "corrected" into another
  });

  it('never indexes a phrase made only of little words', () => {
    const i2 = buildTermIndex(rules(mentions('x', ['the', 'not']), mentions('y', ['cold'])));
    expect(i2.terms.filter((t) => t.rule === 0).every((t) => t.need === 0)).toBe(true);
    expect(rulesFor(i2, 'the')).toEqual([]);
  });
});

describe('lexicon', () => {
  it('ships over a hundred head words across the four trades', () => {
    expect(LEXICON_SIZE).toBeGreaterThanOrEqual(100);
    for (const head of ['noise', 'dirty', 'rude', 'bill', 'reservation', 'cold', 'car', 'package']) expect(RELATED_WORDS[head]).toBeDefined();
  });

  it('holds only lowercase single words (a leading "=" marks a word heard only as typed)', () => {
    for (const [head, ws] of Object.entries(RELATED_WORDS)) {
      expect(head).toMatch(/^[a-z]+$/);
      for (const w of ws) expect(w).toMatch(/^=?[a-z]+$/);
    }
  });

  it('links both ways, by stem, without chaining siblings', () => {
    expect(relatedTo('noise')).toContain('banging');
    expect(relatedTo('noises')).toContain('banging');
    expect(relatedTo('banging')).toContain('noise');
    expect(relatedTo('banging')).not.toContain('blaring');
    expect(isLexiconWord('grimy')).toBe(true);
  });
});
