import { describe, it, expect } from 'vitest';
import { TypoIndex } from '../../server/rules/typo.ts';
import { engine, ask, mentions } from '../support/rules-builders.ts';

describe('typos in 4-letter words', () => {
  it('finds the one rule word a short typed word is missing a letter of, or has two letters swapped of', () => {
    const t = new TypoIndex(['ready', 'suite', 'room', 'noise']);
    expect(t.lookupShort('redy')).toBe('ready');
    expect(t.lookupShort('sute')).toBe('suite');
    expect(t.lookupShort('rmoo')).toBeUndefined(); // two swaps away
    expect(t.lookupShort('romo')).toBe('room');
  });

  it('guesses nothing when two rule words are as close ("sute": suite or saute)', () => {
    expect(new TypoIndex(['suite', 'saute']).lookupShort('sute')).toBeUndefined();
  });

  const e = engine([
    mentions('not-ready', ['room not ready', 'suite not ready']),
    mentions('cold-food', ['cold food']),
    mentions('could', ['could not open']),
  ]);

  it('"her suite still isnt redy" and "the sute is not ready" reach the rule (one typo per phrase, as for long words)', () => {
    for (const text of ['her suite still isnt redy', 'the sute is not ready']) {
      const r = ask(e, text);
      expect(r.rule_id).toBe('not-ready');
      expect(r.explanation.matched[0]?.how).toBe('typo');
    }
  });

  it('never corrects a real short word ("cold" stays cold, though "could" is a rule word)', () => {
    const r = ask(e, 'cold food');
    expect(r.rule_id).toBe('cold-food');
    expect(r.explanation.matched.map((m) => m.how)).toEqual(['exact']);
  });
});
