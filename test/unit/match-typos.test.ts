import { describe, it, expect } from 'vitest';
import { ask, engine, mentions } from '../support/rules-builders.ts';
import { isCommonWord } from '../../server/rules/common-words.ts';

describe('typos are only guessed for words that are not real words', () => {
  const e = engine([
    mentions('tough', ['tough']),
    mentions('waiter', ['rude waiter', 'waiter']),
    mentions('smells', ['smells']),
    mentions('stains', ['stains']),
  ]);

  it.each([
    ['she stayed even though she had a booking', 'tough'],
    ['the service writer never called', 'waiter'],
    ['the room is small', 'smells'],
    ['guest slipped on the stairs', 'stains'],
  ])('does not read "%s" as a typo for the rule saying "%s"', (text) => {
    const r = ask(e, text);
    expect(r.fallback).toBe(true);
    expect(r.explanation.matched).toEqual([]);
  });

  it('still corrects a word that is not a real word', () => {
    expect(ask(e, 'our waitr was rude').rule_id).toBe('waiter');
    expect(ask(e, 'our waitr was rude').explanation.matched[0]).toMatchObject({ how: 'typo' });
  });

  it('knows common words, their plain inflections, but not typos', () => {
    for (const w of ['though', 'writer', 'small', 'stayed', 'booking', 'writers']) expect(isCommonWord(w)).toBe(true);
    for (const w of ['reciept', 'wrking', 'waitr', 'shampo', 'refridgerator']) expect(isCommonWord(w)).toBe(false);
  });
});

describe('typo eligibility follows the typed word, not its stem', () => {
  const e = engine([mentions('ac', ['not working', 'ac broken']), mentions('other', ['cold food'])]);

  it('corrects "wrking" to "working" though the stem "work" is short', () => {
    const r = ask(e, 'the ac is not wrking');
    expect(r.rule_id).toBe('ac');
    expect(r.explanation.matched.some((m) => m.how === 'typo' || m.heard.includes('wrking'))).toBe(true);
  });
});
