import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { engine, mentions, rule } from '../support/rules-builders.ts';

describe('recommend() on any input', () => {
  const e = engine([
    mentions('parts', ['parts not ordered', 'forgot to order'], { offer: ['loaner', 'lunch', 'coffee'] }),
    mentions('cold', ['cold food', 'lukewarm']),
    rule('long', { wait_minutes: { at_least: 60 } }, { offer: ['dessert'] }),
  ]);
  const gestures = new Set(Object.keys(e.doc.gestures));

  it('always answers with a known gesture and a consistent shape, never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.record(
          {
            wait_minutes: fc.double(),
            amount_paid: fc.double(),
            location: fc.string({ maxLength: 12 }),
            customer_tier: fc.string({ maxLength: 8 }),
            lang: fc.string({ maxLength: 4 }),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.integer({ min: -3, max: 10 }), { nil: undefined }),
        (description, context, previous) => {
          const r = e.recommend({ description, context, ...(previous !== undefined ? { previous_recoveries: previous } : {}) });
          expect(gestures.has(r.gesture.id)).toBe(true);
          expect(r.alternatives.length).toBeLessThanOrEqual(2);
          expect(r.fallback).toBe(r.rule_id === null);
          expect(typeof r.say).toBe('string');
          expect(Number.isFinite(r.explanation.score.total)).toBe(true);
          if (r.read_from_text.wait_minutes !== undefined) expect(r.read_from_text.wait_minutes).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same answer for the same input (no state leaks between requests)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('parts', 'not', 'ordered', 'cold', 'food', 'never', 'waited', '2', 'hours', 'lukewarm', ',', 'but'), { maxLength: 12 }), (ws) => {
        const text = ws.join(' ');
        const a = e.recommend({ description: text });
        e.recommend({ description: 'forgot to order parts, cold food, waited 3 hours' });
        expect(e.recommend({ description: text })).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('finishes on a phrase of repeated words over a text of repeated words', () => {
    const f = engine([mentions('odd', [Array(20).fill('room').join(' ')])]);
    const r = f.recommend({ description: 'room '.repeat(400) });
    expect(r.rule_id).toBe('odd');
    expect(r.explanation.matched[0]?.how).toBe('exact');
  });

  it('does not try to correct pasted junk as a typo', () => {
    const f = engine([mentions('r', ['receipt'])]);
    expect(f.recommend({ description: 'x'.repeat(1999) }).fallback).toBe(true);
    expect(f.recommend({ description: 'reciept' + 'q'.repeat(60) }).fallback).toBe(true);
  });
});
