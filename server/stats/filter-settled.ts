/**
 * LogQuery filters over the settled index, for totals without reading entries back from disk
 * (100,000 entries: milliseconds instead of seconds). Same meaning as the log's query
 * (server/log/query.ts): dates via the log's own parseBound, exact location/rule/gesture (the
 * recommended gesture), staff by lower-cased name or token id, outcome = latest decision.
 * Free text needs the descriptions, which stay on disk: such queries go to the store instead
 * (canFilterInMemory says which). test/integration/console-stats checks both paths agree.
 */
import type { LogQuery } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import { parseBound } from '../log/date-bounds.ts';
import type { Settled } from './settle.ts';

export const canFilterInMemory = (q: LogQuery): boolean => q.text === undefined || q.text === '';

function bound(q: LogQuery, side: 'since' | 'until'): number {
  const raw = q[side];
  if (raw === undefined || raw === '') return side === 'since' ? -Infinity : Infinity;
  const b = parseBound(side, raw, side);
  if (!b.ok) throw new MakegoodError('invalid_payload', b.message, side);
  return b.ms;
}

const given = (v: string | undefined): v is string => v !== undefined && v !== '';

export function filterSettled(items: Iterable<Settled>, q: LogQuery): Settled[] {
  if (q.type !== undefined && q.type !== 'recommendation') return [];
  const since = bound(q, 'since');
  const until = bound(q, 'until');
  const staff = given(q.staff) ? q.staff.trim().toLowerCase() : undefined;
  const out: Settled[] = [];
  for (const s of items) {
    if (s.t < since || s.t > until) continue;
    if (given(q.location) && s.location !== q.location) continue;
    if (staff !== undefined && s.staff !== staff && s.token !== staff) continue;
    if (given(q.rule) && s.rule !== q.rule) continue;
    if (given(q.gesture) && s.recommended !== q.gesture) continue;
    if (q.outcome !== undefined && (s.outcome ?? 'none') !== q.outcome) continue;
    out.push(s);
  }
  return out;
}
