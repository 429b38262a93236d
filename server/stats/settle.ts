/**
 * Joins each recommendation with the decisions logged for it, so stats can ask "how did this
 * recovery end?" without reading the log again. Keeps a slim record per recommendation
 * (not the entry: the log's entries stay on disk), in log order. Pure: no I/O.
 */
import type { EntryOf, LogEntry, Outcome, Reaction } from '../contract/log-entry.ts';

export interface Settled {
  id: string;
  at: string;
  /** Milliseconds of `at`, parsed once. */
  t: number;
  location: string;
  /** Rule id, "fallback" when no rule matched. */
  rule: string;
  /** The last decision's outcome, or null while nothing was decided. */
  outcome: Outcome | null;
  /** The last reaction any decision recorded. */
  reaction: Reaction | null;
  /** The gesture finally given: the decision's gesture (after a swap) or the recommended one. */
  gesture_id: string;
  /** Value of that gesture. */
  value: number;
  /** Gestures on offer with their values, to price a swap. */
  offer: [string, number][];
}

export function slim(e: EntryOf<'recommendation'>): Settled {
  return {
    id: e.id,
    at: e.at,
    t: Date.parse(e.at),
    location: e.location,
    rule: e.rule_id ?? 'fallback',
    outcome: null,
    reaction: null,
    gesture_id: e.gesture.id,
    value: e.value,
    offer: [e.gesture, ...e.alternatives].map((g) => [g.id, g.value]),
  };
}

/** Mutable index: feed entries in log order with add(); read with get()/values()/newestFirst(). */
export class SettledIndex {
  private readonly byId = new Map<string, Settled>();
  private readonly inOrder: Settled[] = [];

  add(entry: LogEntry): void {
    if (entry.type === 'recommendation') {
      const s = slim(entry);
      this.byId.set(s.id, s);
      this.inOrder.push(s);
      return;
    }
    if (entry.type !== 'decision') return;
    const s = this.byId.get(entry.ref);
    if (!s) return; // a decision for an unknown entry is the log's problem, not the stats'
    s.outcome = entry.outcome;
    if (entry.reaction) s.reaction = entry.reaction;
    if (entry.gesture_id && entry.gesture_id !== s.gesture_id) {
      const offered = s.offer.find(([id]) => id === entry.gesture_id);
      s.gesture_id = entry.gesture_id;
      // A gesture outside the offer keeps the recommended value: we cannot price what we do not know.
      if (offered) s.value = offered[1];
    }
  }

  get(id: string): Settled | undefined {
    return this.byId.get(id);
  }

  values(): Iterable<Settled> {
    return this.inOrder;
  }

  /** Newest first, stopping once older than `sinceMs` (entries are in log = time order). */
  *since(sinceMs: number): Generator<Settled> {
    for (let i = this.inOrder.length - 1; i >= 0; i--) {
      const s = this.inOrder[i]!;
      if (s.t < sinceMs) return;
      yield s;
    }
  }

  get size(): number {
    return this.inOrder.length;
  }
}

export function settle(entries: Iterable<LogEntry>): SettledIndex {
  const index = new SettledIndex();
  for (const e of entries) index.add(e);
  return index;
}

/**
 * The customer answered: accepted or declined. A swap is staff changing the gesture and is
 * normally followed by the customer's answer, so it does not count as decided on its own.
 */
export const isDecided = (o: Outcome | null): boolean => o === 'accepted' || o === 'declined';
