/**
 * Unit tests for the kind classifier: what it learns from a few lines, Spanish
 * through the glossary, determinism, serialise/parse, bad model text, and the
 * real corpus (a fold of train.jsonl, never heldout.jsonl).
 */
import { describe, expect, it } from 'vitest';
import { readLearnData } from '../../server/rules/learn-data-file.ts';
import { spanishGlossary } from '../../server/rules/spanish-glossary.ts';
import { featureKey, features, KindClassifier, train, type LabelledLine, type LanguageResources } from '../../server/rules/kind-classifier.ts';

const corpus = await readLearnData(new URL('../../corpus', import.meta.url).pathname);
const res: LanguageResources = { markers: corpus.data.markers, misspellings: corpus.data.misspellings, glossary: spanishGlossary(corpus.data) };
const bare: LanguageResources = { markers: new Map(), misspellings: new Map() };

const en = (kind: string, ...texts: string[]): LabelledLine[] => texts.map((text) => ({ text, kind, lang: 'en' }));
const small: LabelledLine[] = [
  ...en('noise', 'loud party next door all night', 'guest could not sleep, neighbours shouting', 'construction noise at 7am woke the guest', 'music from the bar kept them awake'),
  ...en('food-cold', 'soup arrived cold', 'the steak was lukewarm when it got to the table', 'coffee served cold', 'fries came out cold and soggy'),
  ...en('parts-not-ordered', 'parts were never ordered for the brake job', 'nobody ordered the water pump', 'the part is backordered, customer came in for nothing', 'pads not in stock for the 9am appointment'),
];

describe('kind classifier', () => {
  it('gives every kind a probability, best first, summing to 1', () => {
    const m = train(small, bare, { minCount: 1 });
    const out = m.predict('the soup was cold', 'en');
    expect(out.map((x) => x.kind).sort()).toEqual(['food-cold', 'noise', 'parts-not-ordered']);
    for (let i = 1; i < out.length; i++) expect(out[i - 1]!.p).toBeGreaterThanOrEqual(out[i]!.p);
    expect(out.reduce((a, x) => a + x.p, 0)).toBeCloseTo(1, 6);
  });

  it('learns each kind from its lines, typos included (char n-grams)', () => {
    const m = train(small, bare, { minCount: 1 });
    expect(m.predict('neighbours were so loud the guest never slept', 'en')[0]!.kind).toBe('noise');
    expect(m.predict('his coffe was lukewarm', 'en')[0]!.kind).toBe('food-cold');
    expect(m.predict('nobody orderd the brake pads', 'en')[0]!.kind).toBe('parts-not-ordered');
  });

  it('marks a word a "not" takes back as its own feature', () => {
    const f = features('the room is not noisy', 'en', bare, { bigrams: false, charMin: 3, charMax: 0, charWeight: 0, spanish: 'both', negation: true });
    expect(f.keys).toContain(featureKey('~noisi'));
    expect(f.keys).not.toContain(featureKey('noisi'));
  });

  it('hears Spanish through the glossary when trained on English lines only', () => {
    const m = train(small, res, { minCount: 1, features: { bigrams: true, charMin: 3, charMax: 5, charWeight: 0.4, spanish: 'en', negation: true } });
    expect(m.predict('la sopa llegó fría', 'es')[0]!.kind).toBe('food-cold');
  });

  it('skips lines of kinds not in the list it is given', () => {
    const m = train([...small, ...en('spill', 'spilled wine on her dress')], bare, { minCount: 1 }, ['noise', 'food-cold']);
    expect(m.kinds).toEqual(['noise', 'food-cold']);
    expect(m.predict('spilled wine', 'en')).toHaveLength(2);
  });

  it('is deterministic and survives serialise/parse', () => {
    const a = train(small, bare, { minCount: 1 });
    const b = train(small, bare, { minCount: 1 });
    expect(a.serialise()).toBe(b.serialise());
    const parsed = KindClassifier.parse(a.serialise(), bare);
    if (!parsed.ok) throw new Error(parsed.message);
    const back = parsed.model;
    for (const text of ['music all night', 'cold fries', 'part never came']) {
      const pa = a.predict(text, 'en');
      const pb = back.predict(text, 'en');
      expect(pb.map((x) => x.kind)).toEqual(pa.map((x) => x.kind));
      pb.forEach((x, i) => expect(x.p).toBeCloseTo(pa[i]!.p, 3));
    }
  });

  it('refuses a model text that is not one, saying what is wrong', () => {
    const short = KindClassifier.parse('{"v": 1, "kinds": ["a"], "vocab": [1, 2], "weights": [1], "bias": [0]}', bare);
    expect(short).toEqual({ ok: false, message: expect.stringMatching(/weights has 1 numbers .* expected kinds × vocab = 2/) });
    expect(KindClassifier.parse('{"kinds": []}', bare)).toEqual({ ok: false, message: expect.stringMatching(/expected \{"v": 1/) });
    expect(KindClassifier.parse('{"v": 1, ', bare)).toEqual({ ok: false, message: expect.stringMatching(/^kind model: not valid JSON/) });
  });

  it('on a fold of the shipped corpus beats the earlier best pure classifier (NB 60/56)', () => {
    const lines = corpus.data.lines.map((l) => ({ text: l.text, kind: l.kind, lang: l.lang }));
    const kinds = corpus.data.kinds.map((k) => k.id);
    const m = train(lines.filter((_, i) => i % 5 !== 0), res, {}, kinds);
    const test = lines.filter((_, i) => i % 5 === 0);
    for (const lang of ['en', 'es']) {
      const t = test.filter((l) => l.lang === lang);
      const hit = t.filter((l) => m.predict(l.text, l.lang)[0]!.kind === l.kind).length;
      expect(hit / t.length).toBeGreaterThan(0.62);
    }
  });
});
