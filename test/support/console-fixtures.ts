/**
 * Builders for log entries in console/stats/alerts unit tests. They build the entry shapes
 * the store writes (chain fields included) without a store, so pure code can be fed directly.
 */
import type { EntryOf, LogEntry, Outcome, Reaction } from '../../server/contract/log-entry.ts';

let seq = 0;
const hex = (n: number) => n.toString(16).padStart(64, '0');

function chain<T extends object>(body: T, at: string): T & { seq: number; id: string; at: string; prev: string; hash: string } {
  seq += 1;
  return { ...body, seq, id: `e${String(seq).padStart(6, '0')}-test`, at, prev: hex(seq - 1), hash: hex(seq) };
}

export interface RecOpts {
  at?: string;
  location?: string;
  staff?: string;
  rule?: string | null;
  gesture?: string;
  value?: number;
  description?: string;
  alternatives?: { id: string; value: number }[];
}

export function rec(o: RecOpts = {}): EntryOf<'recommendation'> {
  const gesture = { id: o.gesture ?? 'coffee', label: o.gesture ?? 'coffee', value: o.value ?? 5, kind: 'money' as const };
  return chain(
    {
      type: 'recommendation' as const,
      request_id: `req-${seq + 1}`,
      actor: { token_id: `t-${o.staff ?? 'ana'}`, name: o.staff ?? 'ana', role: 'staff' as const },
      location: o.location ?? 'des-moines',
      description: o.description ?? 'the car was not ready',
      context: {},
      rules_version: 'r-test',
      rule_id: o.rule === undefined ? 'late-car' : o.rule,
      fallback: o.rule === null,
      gesture,
      alternatives: (o.alternatives ?? []).map((a) => ({ id: a.id, label: a.id, value: a.value, kind: 'money' as const })),
      value: gesture.value,
      needs_approval: false,
      repeat: false,
      explanation: { matched: [], conditions: [], score: { text: 1, priority: 0, total: 1 }, notes: [] },
    },
    o.at ?? '2026-11-18T10:00:00.000Z',
  );
}

export function decision(of: EntryOf<'recommendation'>, outcome: Outcome, o: { reaction?: Reaction; gesture?: string; at?: string } = {}): EntryOf<'decision'> {
  return chain(
    {
      type: 'decision' as const,
      ref: of.id,
      request_id: of.request_id,
      actor: of.actor,
      location: of.location,
      outcome,
      gesture_id: o.gesture ?? of.gesture.id,
      ...(o.reaction ? { reaction: o.reaction } : {}),
    },
    o.at ?? of.at,
  );
}

export function alertEntry(body: Omit<EntryOf<'alert'>, 'type' | 'seq' | 'id' | 'at' | 'prev' | 'hash'>, at: string): EntryOf<'alert'> {
  return chain({ type: 'alert' as const, ...body }, at);
}

export function closed(alert: EntryOf<'alert'>, at: string): EntryOf<'alert_closed'> {
  return chain(
    { type: 'alert_closed' as const, ref: alert.id, actor: { token_id: 't-m', name: 'mia', role: 'manager' as const }, root_cause: 'supplier', fix: 'new supplier' },
    at,
  );
}

/** Minutes after a base time, as ISO. */
export const minutes = (n: number, base = '2026-11-18T10:00:00.000Z'): string => new Date(Date.parse(base) + n * 60_000).toISOString();

export type { LogEntry };
