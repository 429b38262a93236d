/**
 * LogQuery over the index: newest first, filtered, paged. Pure: returns seqs; the store
 * reads just those entries from disk. Linear over compact columns, so 1M entries take
 * milliseconds.
 */
import type { LogQuery } from '../contract/events.ts';
import { OUTCOMES } from '../contract/log-entry.ts';
import { MakegoodError } from '../contract/errors.ts';
import { parseBound } from './date-bounds.ts';
import { TYPE_CODES, outcomeCode, type LogIndex } from './log-index.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface QueryPlan {
  since: number;
  until: number;
  location?: number;
  /** Staff ids (names or token ids) that match, case-insensitively. */
  staff?: Uint8Array;
  rule?: number;
  gesture?: number;
  outcome?: number;
  text?: string;
  /** For text: which staff / location / rule / gesture ids contain it (computed once per query). */
  textNames?: Uint8Array[];
  type?: number;
  offset: number;
  limit: number;
}

const invalid = (field: string, message: string) => new MakegoodError('invalid_payload', message, field);

function optString(q: LogQuery, field: keyof LogQuery): string | undefined {
  const v = q[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(field, `${field}: must be a string`);
  if (v.length > 200) throw invalid(field, `${field}: at most 200 characters`);
  return v;
}

function optInt(q: LogQuery, field: 'offset' | 'limit', fallback: number, max: number): number {
  const v = q[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalid(field, `${field}: must be a whole number ≥ 0`);
  return Math.min(v, max);
}

/** Validates a query and resolves names to index ids. Throws MakegoodError('invalid_payload'). */
export function planQuery(index: LogIndex, q: LogQuery = {}): QueryPlan {
  if (typeof q !== 'object' || q === null) throw invalid('', 'query: must be an object');
  const plan: QueryPlan = {
    since: -Infinity,
    until: Infinity,
    offset: optInt(q, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: Math.max(1, optInt(q, 'limit', DEFAULT_LIMIT, MAX_LIMIT)),
  };
  for (const side of ['since', 'until'] as const) {
    const raw = optString(q, side);
    if (raw === undefined) continue;
    const b = parseBound(side, raw, side);
    if (!b.ok) throw invalid(side, b.message);
    plan[side] = b.ms;
  }
  const location = optString(q, 'location');
  if (location !== undefined) plan.location = index.locations.lookup(location);
  const staff = optString(q, 'staff');
  if (staff !== undefined) {
    const want = staff.trim().toLowerCase();
    plan.staff = Uint8Array.from(index.staffNames.names, (n) => (n.toLowerCase() === want ? 1 : 0));
  }
  const rule = optString(q, 'rule');
  if (rule !== undefined) plan.rule = index.rules.lookup(rule);
  const gesture = optString(q, 'gesture');
  if (gesture !== undefined) plan.gesture = index.gestures.lookup(gesture);
  const outcome = optString(q, 'outcome');
  if (outcome !== undefined) {
    if (outcome !== 'none' && !(OUTCOMES as readonly string[]).includes(outcome)) {
      throw invalid('outcome', `outcome: must be one of none, ${OUTCOMES.join(', ')}`);
    }
    plan.outcome = outcomeCode(outcome as 'none');
  }
  const type = optString(q, 'type');
  if (type !== undefined) {
    if (!(type in TYPE_CODES)) throw invalid('type', `type: must be one of ${Object.keys(TYPE_CODES).join(', ')}`);
    plan.type = TYPE_CODES[type as keyof typeof TYPE_CODES];
  }
  const text = optString(q, 'text');
  if (text !== undefined) {
    plan.text = text.toLowerCase();
    const needle = plan.text;
    plan.textNames = [index.staffNames, index.locations, index.rules, index.gestures].map((table) =>
      Uint8Array.from(table.names, (n) => (n.toLowerCase().includes(needle) ? 1 : 0)),
    );
  }
  return plan;
}

/** Does the entry at seq pass every filter of the plan (paging aside)? */
export function matches(index: LogIndex, plan: QueryPlan, seq: number): boolean {
  const i = seq - 1;
  const at = index.atMs.get(i);
  if (at < plan.since || at > plan.until) return false;
  if (plan.type !== undefined && index.type.get(i) !== plan.type) return false;
  if (plan.outcome !== undefined) {
    // Outcomes belong to recommendations.
    if (index.type.get(i) !== TYPE_CODES.recommendation || index.outcome.get(i) !== plan.outcome) return false;
  }
  if (plan.location !== undefined && index.location.get(i) !== plan.location) return false;
  if (plan.staff !== undefined && plan.staff[index.staff.get(i)] !== 1 && plan.staff[index.tokens.get(i)] !== 1) return false;
  if (plan.rule !== undefined && index.rule.get(i) !== plan.rule) return false;
  if (plan.gesture !== undefined && index.gesture.get(i) !== plan.gesture) return false;
  if (plan.text !== undefined && !matchesText(index, plan, i)) return false;
  return true;
}

function matchesText(index: LogIndex, plan: QueryPlan, i: number): boolean {
  if (index.text[i]?.includes(plan.text as string)) return true;
  // Also the names around it, so "ana" or "parts-late" finds what a person would expect.
  const [staff, locations, rules, gestures] = plan.textNames as Uint8Array[];
  return (
    staff?.[index.staff.get(i)] === 1 ||
    locations?.[index.location.get(i)] === 1 ||
    rules?.[index.rule.get(i)] === 1 ||
    gestures?.[index.gesture.get(i)] === 1
  );
}

/** Matching seqs newest first: the total and the requested page. */
export function runQuery(index: LogIndex, plan: QueryPlan): { total: number; seqs: number[] } {
  const seqs: number[] = [];
  let total = 0;
  const end = plan.offset + plan.limit;
  for (let seq = index.count; seq >= 1; seq--) {
    if (!matches(index, plan, seq)) continue;
    if (total >= plan.offset && total < end) seqs.push(seq);
    total++;
  }
  return { total, seqs };
}

/** Matching seqs oldest first (for export). */
export function* scanQuery(index: LogIndex, plan: QueryPlan, upTo = index.count): Generator<number> {
  for (let seq = 1; seq <= upTo; seq++) if (matches(index, plan, seq)) yield seq;
}
