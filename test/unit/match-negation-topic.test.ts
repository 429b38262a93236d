import { describe, it, expect } from 'vitest';
import { words } from '../../server/rules/normalize.ts';
import { DENIES, negationScopes } from '../../server/rules/negation.ts';
import { engine, ask, mentions } from '../support/rules-builders.ts';

const scoped = (s: string): string[] => {
  const ws = words(s);
  const by = negationScopes(ws);
  return ws.filter((_, i) => (by[i] as number) >= 0).map((w) => w.text);
};

describe('negation: the topic staff say it is NOT is taken back', () => {
  it.each([
    ['not a noise issue, the bathtub had a ring of grime', ['a', 'noise', 'issue']],
    ['not about the price, the room was dirty', ['the', 'price']],
    ['not because of the noise, the bed is broken', ['the', 'noise']],
    ['no complaints about the food, but the room was dirty', ['the', 'food']],
    ['she is not complaining about the view, the tv is broken', ['the', 'view']],
    ["the noise wasn't the problem, the bed was", ['the', 'noise', 'the', 'problem']],
  ])('"%s" takes back %j', (text, taken) => {
    expect(scoped(text)).toEqual(taken);
  });

  it('"not a single towel" and "there was not a towel" are a lack, not a denial', () => {
    expect(scoped('not a single towel in the room')).toEqual([]);
    expect(scoped('there was not a towel in the room')).toEqual([]);
  });

  it('"we have nothing booked for them" is the failure; "nothing wrong with the food" denies', () => {
    expect(scoped('we have nothing booked for them')).toEqual([]);
    expect(scoped('nothing wrong with the food')).toEqual(['wrong', 'with', 'the', 'food']);
  });

  it('marks the denying word so it fills no phrase negative word', () => {
    const ws = words('Not a late arrival, they are on time');
    expect(negationScopes(ws)[0]).toBe(DENIES);
  });
});

describe('negation topic in matching', () => {
  const e = engine([
    mentions('noise', ['noise', 'noisy']),
    mentions('dirty', ['dirty', 'grime', 'filthy']),
    mentions('late-food', ['never arrived', 'late']),
    mentions('booking-lost', ['nothing booked', 'no booking']),
    mentions('price', ['price', 'overcharged']),
  ]);

  it('"not a noise issue, the bathtub had a ring of grime" goes to dirty', () => {
    expect(ask(e, 'not a noise issue, the bathtub had a ring of grime').rule_id).toBe('dirty');
  });

  it('"not a late arrival" does not fill "never arrived"', () => {
    expect(ask(e, "Not a late arrival, they're on time, we just have nothing booked for them").rule_id).toBe('booking-lost');
  });

  it('"not about the price" leaves the rest to count', () => {
    expect(ask(e, 'not about the price, the room was filthy').rule_id).toBe('dirty');
  });

  it('a negated phrase still matches when the rule says it: "room not ready" style phrases keep working', () => {
    const e2 = engine([mentions('not-ready', ['room not ready']), mentions('dirty', ['dirty'])]);
    expect(ask(e2, 'the room is not ready yet').rule_id).toBe('not-ready');
  });
});
