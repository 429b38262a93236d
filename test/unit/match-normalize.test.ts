import { describe, it, expect } from 'vitest';
import { words } from '../../server/rules/normalize.ts';
import { stem } from '../../server/rules/stem.ts';
import { boundedDistance, allowedEdits, TypoIndex } from '../../server/rules/typo.ts';
import { engine, ask, mentions } from '../support/rules-builders.ts';

const texts = (s: string): string[] => words(s).map((w) => w.text);

describe('normalise()', () => {
  it('lowercases, drops punctuation and accents', () => {
    expect(texts('The CAFÉ was LOUD!!!')).toEqual(['the', 'cafe', 'was', 'loud']);
  });

  it('spells out contractions typed with or without the apostrophe', () => {
    expect(texts("didn't")).toEqual(['did', 'not']);
    expect(texts('didnt')).toEqual(['did', 'not']);
    expect(texts('cant wont isnt')).toEqual(['can', 'not', 'will', 'not', 'is', 'not']);
    expect(texts('they won’t call')).toEqual(['they', 'will', 'not', 'call']);
  });

  it("drops possessives and other clitics", () => {
    expect(texts("the guest's car, we're sorry")).toEqual(['the', 'guest', 'car', 'we', 'sorry']);
  });

  it('splits numbers glued to units', () => {
    expect(texts('waited 35mins, 2hrs')).toEqual(['waited', '35', 'mins', '2', 'hrs']);
  });

  it('numbers sentences and clauses', () => {
    const ws = words('Not cold, but spilled. Then late');
    expect(ws.map((w) => w.sentence)).toEqual([0, 0, 0, 0, 1, 1]);
    const clauses = ws.map((w) => w.clause);
    expect(clauses[0]).toBe(clauses[1]); // "not cold"
    expect(clauses[2]).not.toBe(clauses[1]); // "but" opens a clause
  });

  it('lets a rule match whatever the case and punctuation', () => {
    const e = engine([mentions('parts', ['forgot to order'])]);
    expect(ask(e, 'They FORGOT to ORDER!!').rule_id).toBe('parts');
    expect(ask(e, 'forgot, to order').rule_id).toBe('parts');
  });

  it('matches a rule written with an apostrophe when staff type none', () => {
    const e = engine([mentions('no-callback', ["didn't call back"])]);
    const r = ask(e, 'service desk didnt call back');
    expect(r.rule_id).toBe('no-callback');
    expect(r.explanation.matched[0]?.how).toBe('exact');
  });
});

describe('stem()', () => {
  it('brings plurals and tenses together', () => {
    expect(new Set(['order', 'orders', 'ordered', 'ordering'].map(stem))).toEqual(new Set(['order']));
    expect(stem('refunded')).toBe(stem('refund'));
    expect(stem('leaking')).toBe(stem('leaks'));
    expect(stem('delivery')).toBe(stem('delivered'));
    expect(stem('reservations')).toBe(stem('reserved'));
  });

  it('leaves short words and numbers alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('35')).toBe('35');
  });

  it('lets "orders" and "ordered" match a rule that says "order" (how: stem)', () => {
    const e = engine([mentions('wrong-order', ['wrong order'])]);
    const r = ask(e, 'two wrong orders today');
    expect(r.rule_id).toBe('wrong-order');
    expect(r.explanation.matched[0]).toMatchObject({ term: 'wrong order', heard: 'wrong orders', how: 'stem' });
  });
});

describe('typos', () => {
  it('allows no edit under 5 letters, one from 5, two from 8', () => {
    expect([4, 5, 7, 8, 13].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(boundedDistance('reciept', 'receipt', 2)).toBe(1);
    expect(boundedDistance('refridgerator', 'refrigerator', 2)).toBe(1);
    expect(boundedDistance('abcdef', 'uvwxyz', 2)).toBe(3); // gives up past the bound
  });

  it('finds candidates through the deletion neighbourhood', () => {
    const idx = new TypoIndex(['receipt', 'shampoo', 'refriger', 'cold']);
    expect(idx.lookup('reciept').map((c) => c.word)).toEqual(['receipt']);
    expect(idx.lookup('shampo').map((c) => c.word)).toEqual(['shampoo']);
    expect(idx.lookup('hold')).toEqual([]); // too short to guess
  });

  it.each([
    ['no reciept for the room', 'receipt'],
    ['the refridgerator is warm', 'refrigerator'],
    ['ran out of shampo', 'shampoo'],
  ])('matches "%s" to the rule saying "%s" (how: typo)', (text, word) => {
    const e = engine([mentions('r', [word]), mentions('other', ['parking'])]);
    const r = ask(e, text);
    expect(r.rule_id).toBe('r');
    expect(r.explanation.matched[0]).toMatchObject({ term: word, how: 'typo' });
  });

  it('scores a typo below the exact word', () => {
    const e = engine([mentions('r', ['receipt'])]);
    const typo = ask(e, 'no reciept').explanation.score.text;
    const exact = ask(e, 'no receipt').explanation.score.text;
    expect(typo).toBeGreaterThan(0);
    expect(typo).toBeLessThan(exact);
  });

  it('does not guess on short words', () => {
    const e = engine([mentions('cold', ['cold'])]);
    expect(ask(e, 'put it on hold').fallback).toBe(true);
  });
});
