import { describe, it, expect } from 'vitest';
import { words } from '../../server/rules/normalize.ts';
import { waitFromText } from '../../server/rules/wait-from-text.ts';
import { engine, ask, mentions, rule } from '../support/rules-builders.ts';

const wait = (s: string): number | undefined => waitFromText(words(s));

describe('wait read from the text', () => {
  it.each([
    ['waited 35 mins', 35],
    ['3 hrs late', 180],
    ['forty minutes', 40],
    ['forty five minutes in line', 45],
    ['twenty-five minutes', 25],
    ['half an hour', 30],
    ['a half hour', 30],
    ['a two-hour delay', 120],
    ['an hour and a half', 90],
    ['1.5 hours', 90],
    ['two and a half hours', 150],
    ['1 hour and 20 minutes', 80],
    ['2 hrs 15 mins', 135],
    ['waited 45min', 45],
    ['90m', 90],
    ['an hour', 60],
    ['quarter of an hour', 15],
    ['a couple of hours', 120],
    ['waited for hours', 120],
    ['2 days', 2880],
    ['a week for parts', 10080],
    ['until tomorrow', 1440],
    ['kept the car overnight', 1440],
    ['all day', 480],
  ])('reads "%s" as %i minutes', (text, minutes) => {
    expect(wait(text)).toBe(minutes);
  });

  it.each(['table for 4', 'a party of two', 'room 212', 'no wait at all'])('finds no wait in "%s"', (text) => {
    expect(wait(text)).toBeUndefined();
  });

  it('takes the longest when several are given', () => {
    expect(wait('waited 20 minutes, then another 45 minutes')).toBe(45);
  });
});

describe('conditions', () => {
  const e = engine([
    rule('parts-long', { mentions: ['parts not ordered'], wait_minutes: { at_least: 1440 } }, { offer: ['loaner'] }),
    rule('parts', { mentions: ['parts not ordered'] }),
    rule('vip', { mentions: ['cold'], customer_tier: ['gold', 'platinum'] }, { priority: 5 }),
    rule('big-bill', { mentions: ['overcharged'], amount_paid: { at_least: 100, at_most: 500 } }),
    rule('pasadena', { mentions: ['valet'], location: ['pasadena'] }),
  ]);

  it('wait: context first, and the text is not read when the context gives it', () => {
    const r = ask(e, 'parts not ordered, waited 2 days', { wait_minutes: 30 });
    expect(r.rule_id).toBe('parts');
    expect(r.read_from_text).toEqual({});
  });

  it('wait: read from the text otherwise, and reported in read_from_text', () => {
    const r = ask(e, 'parts not ordered, customer has to wait until tomorrow');
    expect(r.rule_id).toBe('parts-long');
    expect(r.read_from_text).toEqual({ wait_minutes: 1440 });
    expect(r.explanation.conditions).toContain('wait 1440 min (read from text) ≥ 1440');
  });

  it('wait: a rule needing a wait does not fire without one', () => {
    expect(ask(e, 'parts not ordered').rule_id).toBe('parts');
  });

  it('tier: matches any listed tier, case-insensitively', () => {
    expect(ask(e, 'cold soup', { customer_tier: 'Gold' }).rule_id).toBe('vip');
    expect(ask(e, 'cold soup', { customer_tier: 'bronze' }).fallback).toBe(true);
    expect(ask(e, 'cold soup', { customer_tier: 'gold' }).explanation.conditions).toEqual(['tier is gold']);
  });

  it('amount paid: both ends of the range hold', () => {
    expect(ask(e, 'overcharged', { amount_paid: 100 }).rule_id).toBe('big-bill');
    expect(ask(e, 'overcharged', { amount_paid: 500 }).rule_id).toBe('big-bill');
    expect(ask(e, 'overcharged', { amount_paid: 501 }).fallback).toBe(true);
    expect(ask(e, 'overcharged').fallback).toBe(true);
    expect(ask(e, 'overcharged', { amount_paid: 200 }).explanation.conditions).toEqual(['paid 200 USD between 100 and 500']);
  });

  it('location: only at the listed locations', () => {
    expect(ask(e, 'valet lost the keys', { location: 'pasadena' }).rule_id).toBe('pasadena');
    expect(ask(e, 'valet lost the keys', { location: 'downtown' }).fallback).toBe(true);
  });

  it('names a near miss as runner-up when it outscored the next rule that could fire', () => {
    const r = ask(e, 'parts not ordered', { wait_minutes: 30 });
    expect(r.rule_id).toBe('parts');
    expect(r.explanation.runner_up).toMatchObject({ rule_id: 'parts-long' });
    expect(r.explanation.runner_up?.why).toBe('words matched, but needs a wait ≥ 1440 min; wait was 30 min');
  });

  it('explains the near miss when words matched but a condition failed', () => {
    const r = ask(e, 'cold soup', { customer_tier: 'bronze' });
    expect(r.explanation.runner_up).toMatchObject({ rule_id: 'vip' });
    expect(r.explanation.runner_up?.why).toContain('needs tier gold or platinum');
  });
});

describe('context-only rules', () => {
  const e = engine([rule('long-wait', { wait_minutes: { at_least: 60 } }), mentions('cold', ['cold'])]);

  it('fire on their conditions alone when no text matches', () => {
    const r = ask(e, 'guest is unhappy', { wait_minutes: 75 });
    expect(r.rule_id).toBe('long-wait');
    expect(r.explanation.matched).toEqual([]);
    expect(r.explanation.conditions).toEqual(['wait 75 min ≥ 60']);
  });

  it('fire on a wait read from the text', () => {
    expect(ask(e, 'she waited an hour and a half at the counter').rule_id).toBe('long-wait');
  });

  it('do not fire when their conditions fail', () => {
    expect(ask(e, 'guest is unhappy', { wait_minutes: 20 }).fallback).toBe(true);
  });
});

describe('waits counted in weeks and days from now', () => {
  it.each([
    ['parts wont be here until next week', 7 * 1440],
    ['next week at the earliest', 7 * 1440],
    ['should be ready in a week', 7 * 1440],
    ['it will take a few days', 3 * 1440],
    ['until tomorrow', 1440],
  ])('reads "%s" as %i minutes', (text, minutes) => {
    expect(wait(text)).toBe(minutes);
  });
});
