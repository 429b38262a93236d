import { describe, expect, it } from 'vitest';
import { nextRate, record, startState, type StepRule, type StepState } from '../../test/bench/rate-steps.ts';

const rule: StepRule = { factor: 1.5, min: 250, max: 12_000, resolution: 0.2, roundTo: 250, refinements: 1 };

/** Runs the search against a server that holds every rate up to `limit`; returns the rates tried and the result. */
function search(limit: number, from: StepState = startState(), r: StepRule = rule): { tried: number[]; held: number | null } {
  let s = from;
  const tried: number[] = [];
  for (let rate = nextRate(s, r); rate !== null; rate = nextRate(s, r)) {
    tried.push(rate);
    s = record(s, rate, rate <= limit);
    if (tried.length > 50) throw new Error('search did not end');
  }
  return { tried, held: s.held };
}

describe('rate stepping (max_rate_per_s)', () => {
  it('steps up by the factor from a rate that held, then bisects once between held and failed', () => {
    const { tried, held } = search(3_700, startState(3_000));
    expect(tried).toEqual([4_500, 3_750]);
    expect(held).toBe(3_000); // 3,750 failed: the bracket 3,000..3,750 is within resolution
  });

  it('keeps the bisected rate when it holds', () => {
    const { tried, held } = search(4_000, startState(3_000));
    expect(tried).toEqual([4_500, 3_750]);
    expect(held).toBe(3_750);
  });

  it('stops at max when everything holds', () => {
    const { tried, held } = search(1e9, startState(3_000));
    expect(tried.at(-1)).toBe(12_000);
    expect(held).toBe(12_000);
    expect(tried.every((t, i) => i === 0 || t > tried[i - 1]!)).toBe(true);
  });

  it('steps down from a failed load when nothing held, and says null when even min fails', () => {
    expect(search(600, startState(null, 1_000))).toEqual({ tried: [750, 500], held: 500 });
    expect(search(100, startState(null, 1_000))).toEqual({ tried: [750, 500, 250], held: null });
  });

  it('starts at min with no history', () => {
    expect(nextRate(startState(), rule)).toBe(250);
  });

  it('ends the search when a rate below one that held fails (noise), keeping what held', () => {
    const s = record(startState(3_000), 2_000, false);
    expect(nextRate(s, rule)).toBeNull();
    expect(s.held).toBe(3_000);
  });

  it('rounds every rate it proposes to roundTo', () => {
    const { tried } = search(7_777, startState(1_000));
    expect(tried.every((t) => t % 250 === 0)).toBe(true);
  });
});
