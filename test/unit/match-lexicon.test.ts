import { describe, it, expect } from 'vitest';
import { ask, engine, mentions } from '../support/rules-builders.ts';

/**
 * Related words are matched by stem, so a related word whose stem is also a
 * common, unrelated word ("slip" / "slipped", "purchase" / "purchased") makes
 * rules fire on the wrong thing.
 */
describe('related words do not collide with common unrelated words', () => {
  it.each([
    ['receipt', 'guest slipped on the stairs'],
    ['item', 'we purchased the extended package'],
    ['item', 'the food was good'],
    ['slow', 'kids of all ages'],
    ['fixed', 'it was sort of okay'],
    ['call', 'she lost her ring in the pool'],
    ['ac', 'the staff were cool about it'],
    ['overcooked', 'my dry cleaning is lost'],
    ['spoiled', 'my card expired'],
    ['hair', 'we were stranded at the airport'],
    ['arrived', 'turned off the lights, will show me the door'],
    ['cashier', 'asked for a late checkout'],
    ['injured', 'our trip was great until she fell asleep'],
    ['loaner', 'as a courtesy we emailed him'],
    ['food', 'the starter motor is dead'],
    ['broken', 'the clerk snapped at me'],
    ['again', 'he is a repeat guest'],
    ['advertised', 'not on the list'],
    ['crowded', 'we packed a jam sandwich'],
  ])('a rule saying "%s" does not hear "%s"', (word, text) => {
    const r = ask(engine([mentions('r', [word])]), text);
    expect(r.explanation.matched).toEqual([]);
  });

  it('keeps the useful links', () => {
    expect(ask(engine([mentions('r', ['injured'])]), 'guest slipped on the stairs').rule_id).toBe('r');
    expect(ask(engine([mentions('r', ['crowded'])]), 'the lobby was overcrowded').rule_id).toBe('r');
    expect(ask(engine([mentions('r', ['item'])]), 'the product was faulty').rule_id).toBe('r');
  });
});

describe('exact-form related words', () => {
  it('hears "showed" for "arrived" only as typed, not "show" or "showing"', () => {
    const e = engine([mentions('r', ['never arrived'])]);
    expect(ask(e, 'the courier never showed').rule_id).toBe('r');
    expect(ask(e, 'they never show me anything').rule_id).toBe(null);
  });
});
