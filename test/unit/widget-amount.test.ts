/** Numbers staff type into the chips: digits with a currency sign or code, a decimal comma, thousands separators. */
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../widget/chat/amount.ts';
import { badChips, buildContext } from '../../widget/chat/outbox.ts';

describe('parseAmount()', () => {
  it.each<[string, number]>([
    ['12', 12],
    ['$12.50', 12.5],
    ['12,50 €', 12.5],
    ['£ 7', 7],
    ['12 USD', 12],
    ['EUR 3,5', 3.5],
    ['1,250.00', 1250],
    ['1.250', 1250],
    ['0', 0],
  ])('%s → %s', (text, value) => {
    expect(parseAmount(text)).toBe(value);
  });

  it.each(['abc', 'twelve dollars', 'doce dólares', '', '   ', '$', '-5', '12 apples', '1,2,3', 'Infinity', '0x10'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('chips with amounts', () => {
  it('sends currency amounts as numbers', () => {
    expect(buildContext({ amount_paid: '$12.50', wait_minutes: ' 45 ' }, 'en')).toEqual({ lang: 'en', amount_paid: 12.5, wait_minutes: 45 });
    expect(buildContext({ amount_paid: '12,50 €' }, 'es')).toEqual({ lang: 'es', amount_paid: 12.5 });
  });

  it('names the numeric chips that hold no number (empty ones and text chips are fine)', () => {
    expect(badChips({ amount_paid: 'twelve dollars', wait_minutes: ' ', customer_ref: 'abc' })).toEqual(['amount_paid']);
    expect(badChips({ amount_paid: '$3', wait_minutes: '-5' })).toEqual(['wait_minutes']);
  });
});
