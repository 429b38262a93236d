/**
 * Finding max_rate_per_s: the highest request rate a server sustains (every request ok, the
 * generator kept the rate, p99 under the limit). Pure: given what held and what failed so far,
 * says which rate to try next, or null when the search is done.
 *
 * Up by `factor` from the highest rate that held until one fails (or `max` is reached); down
 * by `factor` from the lowest that failed while nothing has held (until `min`); then a few
 * geometric bisections between the two while they are more than `resolution` apart.
 */
export interface StepRule {
  factor: number;
  min: number;
  max: number;
  /** Stop refining when failed / held is at most 1 + resolution. */
  resolution: number;
  /** Rates are rounded to a multiple of this. */
  roundTo: number;
  /** At most this many bisections after the bracket is found. */
  refinements: number;
}

export interface StepState {
  /** Highest rate that held, null if none yet. */
  held: number | null;
  /** Lowest rate that failed above `held`, null if none yet. */
  failed: number | null;
  refinements: number;
}

export const startState = (held: number | null = null, failed: number | null = null): StepState => ({ held, failed, refinements: 0 });

const roundRate = (r: number, rule: StepRule) => Math.max(rule.roundTo, Math.round(r / rule.roundTo) * rule.roundTo);

export function nextRate(s: StepState, rule: StepRule): number | null {
  if (s.failed === null) {
    if (s.held === null) return rule.min;
    if (s.held >= rule.max) return null;
    return Math.min(rule.max, roundRate(s.held * rule.factor, rule));
  }
  if (s.held === null) {
    if (s.failed <= rule.min) return null;
    return Math.max(rule.min, roundRate(s.failed / rule.factor, rule));
  }
  if (s.refinements >= rule.refinements || s.failed <= s.held * (1 + rule.resolution)) return null;
  const mid = roundRate(Math.sqrt(s.held * s.failed), rule);
  return mid > s.held && mid < s.failed ? mid : null;
}

/** The state after trying `rate`. */
export function record(s: StepState, rate: number, ok: boolean): StepState {
  const bracketed = s.held !== null && s.failed !== null;
  const refinements = s.refinements + (bracketed ? 1 : 0);
  if (ok) return { held: Math.max(s.held ?? 0, rate), failed: s.failed !== null && s.failed <= rate ? null : s.failed, refinements };
  // A failure at or below a rate that held (noise) ends the search: nextRate sees failed <= held.
  return { held: s.held, failed: Math.min(s.failed ?? Infinity, rate), refinements };
}
