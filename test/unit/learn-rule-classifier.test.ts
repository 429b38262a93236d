/**
 * The classifiers in matching: P(rule | description) trained on a rules file's
 * labelled examples (+ its rules' mentions), retrained as corrections arrive;
 * and the corpus kind model file the build writes (accepted only for the corpus
 * it was made from).
 */
import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../server/rules/compile.ts';
import { ExampleBook } from '../../server/rules/example-book.ts';
import type { ExampleTuning, FileExample } from '../../server/rules/example-match.ts';
import { EMPTY_LEARN_DATA, type LearnData } from '../../server/rules/learn-data.ts';
import { acceptModelFile, corpusFingerprint, kindClassifierFor, kindModelFile } from '../../server/rules/kind-model.ts';
import { ask, doc, mentions } from '../support/rules-builders.ts';

const RULES = [mentions('noise', ['noise complaint']), mentions('broken-tv', ['tv broken']), mentions('dirty-room', ['dirty room'])];
const desk = (text: string, rule_id: string, line: number): FileExample => ({ text, rule_id, file: 'desk.jsonl', line });
const EXAMPLES = [
  desk('neighbours partying and shouting past midnight', 'noise', 1),
  desk('kids stomping upstairs and a party next door', 'noise', 2),
  desk('shouting in the hallway all night, no sleep', 'noise', 3),
  desk('screen stays black, remote does nothing', 'broken-tv', 4),
  desk('the telly shows no picture, only a black screen', 'broken-tv', 5),
  desk('hair in the shower and stains on the sheets', 'dirty-room', 6),
  desk('sheets stained, bathroom floor sticky', 'dirty-room', 7),
];
/** Nearest examples and example profiles off: only the rule classifier hears the examples. */
const ONLY_CLF: Partial<ExampleTuning> = { scale: 0, profileScale: 0 };

describe('rule classifier over labelled examples', () => {
  it('sends a description sharing no phrase with any rule to the rule whose examples it resembles', () => {
    const on = compileEngine(doc({ rules: RULES }), 'r-test00000000', { data: EMPTY_LEARN_DATA, examples: EXAMPLES, tuning: ONLY_CLF });
    const rec = ask(on, 'party and shouting upstairs, guest got no sleep');
    expect(rec.rule_id).toBe('noise');
    expect(rec.explanation.example?.source).toBe('file');
    expect(ask(on, 'black screen on the telly').rule_id).toBe('broken-tv');
    // The same file with the classifier off: nothing hears the examples, so the word matcher falls back.
    const off = compileEngine(doc({ rules: RULES }), 'r-test00000000', { data: EMPTY_LEARN_DATA, examples: EXAMPLES, tuning: { ...ONLY_CLF, ruleClfScale: 0 } });
    expect(ask(off, 'party and shouting upstairs, guest got no sleep').fallback).toBe(true);
  });

  it('learns corrections that arrive after the first request (retrained once they add enough)', () => {
    const book = new ExampleBook();
    const e = compileEngine(doc({ rules: RULES }), 'r-test00000000', { data: EMPTY_LEARN_DATA, examples: EXAMPLES, book, tuning: ONLY_CLF });
    expect(ask(e, 'wasp nest by the window, bees flying in').rule_id).not.toBe('dirty-room');
    book.add({ text: 'wasps came in through the window', rule_id: 'dirty-room', source: { type: 'correction' } });
    book.add({ text: 'bees nest on the balcony, insects in the room', rule_id: 'dirty-room', source: { type: 'correction' } });
    expect(ask(e, 'wasp nest by the window, bees flying in').rule_id).toBe('dirty-room');
  });
});

describe('corpus kind model file', () => {
  const lines = [
    ...['loud party next door', 'neighbours shouting all night', 'music from the bar kept them awake'].map((text) => ({ text, kind: 'noise', lang: 'en' })),
    ...['soup arrived cold', 'steak was lukewarm', 'coffee served cold'].map((text) => ({ text, kind: 'food-cold', lang: 'en' })),
  ];
  const corpus = (): LearnData => ({ ...EMPTY_LEARN_DATA, kinds: [{ id: 'noise', label: { en: 'Noise' }, what: '' }, { id: 'food-cold', label: { en: 'Cold food' }, what: '' }], lines });

  it('is read instead of training for the corpus it was made from, and refused for another', () => {
    const file = kindModelFile(corpus()) as string;
    const same = corpus();
    expect(acceptModelFile(same, file)).toEqual({ ok: true });
    expect(kindClassifierFor(same)?.predict('the soup was cold', 'en')[0]?.kind).toBe('food-cold');
    const other: LearnData = { ...corpus(), lines: lines.slice(1) };
    expect(corpusFingerprint(other)).not.toBe(corpusFingerprint(same));
    const refused = acceptModelFile(other, file);
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('another corpus') });
    expect(acceptModelFile(corpus(), '{"corpus":')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    expect(acceptModelFile(corpus(), '{"corpus":"x"}')).toMatchObject({ ok: false, message: expect.stringContaining('expected') });
    // Refused: the classifier is trained from the lines instead, and still answers.
    expect(kindClassifierFor(other)?.predict('loud music at night', 'en')[0]?.kind).toBe('noise');
  });
});
