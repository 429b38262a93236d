/**
 * Unreachable rules: a rule is shadowed when another rule with the same or
 * higher priority fires whenever it does. Pure; works on the validated document.
 *
 * "Fires whenever it does" is judged conservatively, so a warning here is never
 * a false alarm: the other rule's mentions include all of this rule's mentions
 * (same text always matches at least as well), its wait/amount ranges contain
 * this rule's, and its tier/location lists are absent or supersets. A rule with
 * no mentions (context only) shadows one with mentions only when its priority
 * is higher: the matcher ranks a text match first unless priority says otherwise.
 */
import type { RuleDef } from './schema.ts';

type Range = { at_least?: number | undefined; at_most?: number | undefined } | undefined;

/** Lowercase, punctuation to spaces: "Forgot to order!" and "forgot  to order" are the same mention. */
export function mentionKey(mention: string): string {
  return mention
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function rangeContains(outer: Range, inner: Range): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  const lo = (r: Range) => r?.at_least ?? -Infinity;
  const hi = (r: Range) => r?.at_most ?? Infinity;
  return lo(outer) <= lo(inner) && hi(outer) >= hi(inner);
}

function listContains(outer: string[] | undefined, inner: string[] | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  const set = new Set(outer);
  return inner.every((x) => set.has(x));
}

function mentionsContain(outer: string[] | undefined, inner: string[] | undefined): boolean {
  if (outer === undefined || inner === undefined) return outer === inner;
  const set = new Set(outer.map(mentionKey));
  return inner.every((m) => set.has(mentionKey(m)));
}

/** True when `a` fires whenever `b` does (mentions aside when `a` is context-only and outranks `b`). */
export function coversConditions(a: RuleDef, b: RuleDef): boolean {
  const wa = a.when;
  const wb = b.when;
  const contextOutranks = wa.mentions === undefined && wb.mentions !== undefined && a.priority > b.priority;
  return (
    (contextOutranks || mentionsContain(wa.mentions, wb.mentions)) &&
    rangeContains(wa.wait_minutes, wb.wait_minutes) &&
    rangeContains(wa.amount_paid, wb.amount_paid) &&
    listContains(wa.customer_tier, wb.customer_tier) &&
    listContains(wa.location, wb.location)
  );
}

export interface Shadowing {
  /** Index of the unreachable rule. */
  shadowed: number;
  /** Index of the rule that wins instead. */
  by: number;
}

/**
 * Each unreachable rule with the first rule that shadows it. On equal scores
 * the matcher prefers higher priority, then the rule earlier in the file, so a
 * broader rule shadows with a higher priority, or with the same priority when
 * it comes first. (Two identical rules: the later one is reported.)
 */
export function findShadowed(rules: readonly RuleDef[]): Shadowing[] {
  const out: Shadowing[] = [];
  rules.forEach((b, bi) => {
    const by = rules.findIndex((a, ai) => {
      if (ai === bi || !coversConditions(a, b)) return false;
      return a.priority > b.priority || (a.priority === b.priority && ai < bi);
    });
    if (by >= 0) out.push({ shadowed: bi, by });
  });
  return out;
}
