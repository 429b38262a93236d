import { describe, it, expect } from 'vitest';
import { words } from '../../server/rules/normalize.ts';
import { negationScopes } from '../../server/rules/negation.ts';
import { engine, ask, mentions } from '../support/rules-builders.ts';

const scoped = (s: string): string[] => {
  const ws = words(s);
  const by = negationScopes(ws);
  return ws.filter((_, i) => (by[i] as number) >= 0).map((w) => w.text);
};

describe('negation scope', () => {
  it('takes back the words after "not" up to the clause boundary', () => {
    expect(scoped('the soup was not cold, but the waiter spilled it')).toEqual(['cold']);
    expect(scoped('it was not dirty and the bed was broken')).toEqual(['dirty']);
    expect(scoped('not cold. spilled')).toEqual(['cold']);
  });

  it('does not open for "never", "no", or did/could + not (those are the failure)', () => {
    expect(scoped('they never ordered the parts')).toEqual([]);
    expect(scoped('no hot water')).toEqual([]);
    expect(scoped('we didnt get our receipt')).toEqual([]);
    expect(scoped('there was not any towel')).toEqual([]);
  });
});

describe('negation in matching', () => {
  const e = engine([
    mentions('cold-food', ['cold food', 'cold', 'lukewarm']),
    mentions('spill', ['spilled', 'spilt']),
    mentions('parts', ['parts not ordered', 'never ordered', 'backorder']),
    mentions('no-water', ['no hot water', 'water']),
    mentions('receipt', ['receipt']),
  ]);

  it('"the soup was not cold, but the waiter spilled it on her coat" is no cold-food complaint', () => {
    const r = ask(e, 'the soup was not cold, but the waiter spilled it on her coat');
    expect(r.rule_id).toBe('spill');
    expect(r.explanation.matched.map((m) => m.term)).not.toContain('cold');
  });

  it('a negated word alone picks nothing', () => {
    expect(ask(e, 'the soup was not cold').fallback).toBe(true);
  });

  it('still matches "never ordered": the negative word is part of the rule phrase', () => {
    expect(ask(e, 'they never ordered the parts for the booked repair').rule_id).toBe('parts');
    expect(ask(e, 'parts were never ordered').rule_id).toBe('parts');
    expect(ask(e, "parts weren't ordered").rule_id).toBe('parts');
    expect(ask(e, 'parts werent ordered').rule_id).toBe('parts');
  });

  it('lets a phrase with "no" match "not any" (one negative word fills another)', () => {
    const r = ask(e, "there wasn't any hot water this morning");
    expect(r.rule_id).toBe('no-water');
    expect(r.explanation.matched[0]?.term).toBe('no hot water');
  });

  it('does not take back what did/could + not denies: "didnt get my receipt"', () => {
    expect(ask(e, 'guest didnt get her receipt').rule_id).toBe('receipt');
  });

  it('"not happy with the cold food" still complains about cold food: the scope stops at "with"', () => {
    expect(ask(e, 'guest not happy with the cold food').rule_id).toBe('cold-food');
    expect(ask(e, 'not pleased about the lukewarm soup').rule_id).toBe('cold-food');
  });

  it('scope ends at the clause: a later clause still counts', () => {
    expect(ask(e, 'food was not cold. The soup was lukewarm though').rule_id).toBe('cold-food');
  });
});

describe('"nobody", "no one", "none" deny a state that follows', () => {
  it('takes back what "nobody was / no one was / none were" says, up to the clause end', () => {
    expect(scoped('nobody was rude, just waited an hour for the check')).toEqual(['was', 'rude']);
    expect(scoped('no one was hurt but the car is scratched')).toEqual(['was', 'hurt']);
    expect(scoped('none of the staff were rude')).toEqual(['were', 'rude']);
  });

  it('takes nothing back when they say something did not happen (the failure itself)', () => {
    expect(scoped('nobody called her back about the estimate')).toEqual([]);
    expect(scoped('no one answered the phone')).toEqual([]);
    expect(scoped('toilet paper, none in the room')).toEqual([]);
  });

  it('sends "nobody was rude, just waited an hour" to the wait rule, not the rude one', () => {
    const e = engine([mentions('rude', ['rude', 'rude staff']), mentions('wait', ['waited', 'long wait'])]);
    expect(ask(e, 'nobody was rude, just waited an hour for the check').rule_id).toBe('wait');
    expect(ask(e, 'no one was rude, just waited an hour for the check').rule_id).toBe('wait');
  });
});

describe('"not have" says something is lacking', () => {
  it.each(['the car not have the part', 'the car does not have the part', 'they did not have the part', 'we not got the part'])(
    'takes nothing back in "%s"',
    (text) => {
      expect(scoped(text)).toEqual([]);
      expect(ask(engine([mentions('parts', ['part'])]), text).rule_id).toBe('parts');
    },
  );
});
