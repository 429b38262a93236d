/**
 * The context conditions of a rule (wait, amount paid, tier, location), checked
 * against the request and described in words for the explanation.
 */
import type { RuleDef } from './schema.ts';

export interface Facts {
  wait_minutes?: number;
  /** True when the wait was read from the description, not given. */
  waitFromText: boolean;
  amount_paid?: number;
  customer_tier?: string;
  location?: string;
  currency: string;
}

export type ConditionCheck = { ok: true; held: string[] } | { ok: false; failed: string };

type Range = { at_least?: number; at_most?: number };

function inRange(v: number, r: Range): boolean {
  return (r.at_least === undefined || v >= r.at_least) && (r.at_most === undefined || v <= r.at_most);
}

function rangeText(r: Range): string {
  if (r.at_least !== undefined && r.at_most !== undefined) return `between ${r.at_least} and ${r.at_most}`;
  return r.at_least !== undefined ? `≥ ${r.at_least}` : `≤ ${r.at_most}`;
}

/** The quick yes/no used while ranking; checkConditions says it in words. */
export function holds(when: RuleDef['when'], f: Facts): boolean {
  if (when.wait_minutes && (f.wait_minutes === undefined || !inRange(f.wait_minutes, when.wait_minutes))) return false;
  if (when.amount_paid && (f.amount_paid === undefined || !inRange(f.amount_paid, when.amount_paid))) return false;
  if (when.customer_tier) {
    const tier = f.customer_tier?.toLowerCase();
    if (tier === undefined || !when.customer_tier.some((t) => t.toLowerCase() === tier)) return false;
  }
  if (when.location) {
    const loc = f.location?.toLowerCase();
    if (loc === undefined || !when.location.includes(loc)) return false;
  }
  return true;
}

export function checkConditions(when: RuleDef['when'], f: Facts): ConditionCheck {
  const held: string[] = [];
  if (when.wait_minutes) {
    const need = rangeText(when.wait_minutes);
    if (f.wait_minutes === undefined) return { ok: false, failed: `needs a wait ${need} min; no wait given or found in the text` };
    const src = f.waitFromText ? ' (read from text)' : '';
    const text = `wait ${f.wait_minutes} min${src} ${need}`;
    if (!inRange(f.wait_minutes, when.wait_minutes)) return { ok: false, failed: `needs a wait ${need} min; wait was ${f.wait_minutes} min${src}` };
    held.push(text);
  }
  if (when.amount_paid) {
    const need = rangeText(when.amount_paid);
    if (f.amount_paid === undefined) return { ok: false, failed: `needs amount paid ${need}; none given` };
    if (!inRange(f.amount_paid, when.amount_paid)) return { ok: false, failed: `needs amount paid ${need}; paid ${f.amount_paid} ${f.currency}` };
    held.push(`paid ${f.amount_paid} ${f.currency} ${need}`);
  }
  if (when.customer_tier) {
    const tier = f.customer_tier?.toLowerCase();
    const ok = tier !== undefined && when.customer_tier.some((t) => t.toLowerCase() === tier);
    if (!ok) return { ok: false, failed: `needs tier ${when.customer_tier.join(' or ')}; tier is ${f.customer_tier ?? 'not given'}` };
    held.push(`tier is ${tier}`);
  }
  if (when.location) {
    const loc = f.location?.toLowerCase();
    if (loc === undefined || !when.location.includes(loc)) {
      return { ok: false, failed: `needs location ${when.location.join(' or ')}; location is ${f.location ?? 'not given'}` };
    }
    held.push(`location is ${loc}`);
  }
  return { ok: true, held };
}
