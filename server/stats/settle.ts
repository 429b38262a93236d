/**
 * Joins each recommendation with the decisions logged for it, so stats can ask "how did this
 * recovery end?" without reading the log again. Keeps a slim record per recommendation
 * (not the entry: the log's entries stay on disk), in log order. Pure: no I/O.
 */
import type { EntryOf, LogEntry, Outcome, Reaction } from '../contract/log-entry.ts';

export interface Settled {
  id: string;
  /** Milliseconds of the entry's `at`. */
  t: number;
  location: string;
  /** Lower-cased staff name and token id, for the staff filter. */
  staff: string;
  token: string;
  /** Rule id, "fallback" when no rule matched. */
  rule: string;
  /** The gesture the rules recommended (what the gesture filter matches, as in the log's query). */
  recommended: string;
  /** The last decision's outcome, or null while nothing was decided. */
  outcome: Outcome | null;
  /** The last reaction any decision recorded. */
  reaction: Reaction | null;
  /** The gesture finally given: the decision's gesture (after a swap) or the recommended one. */
  gesture_id: string;
  /** Value of that gesture. */
  value: number;
  /** Value of the gesture first recommended, kept beside the one given. */
  recommended_value: number;
  /** Gestures on offer (recommended first) with their values, to price a swap. */
  offer: [string, number][];
  /** ISO week key, filled by totals on first use. */
  week?: string;
}

/**
 * Names repeat across hundreds of thousands of entries (a few locations, rules, gestures,
 * staff); JSON.parse gives each entry its own copies, so keep one of each.
 */
class Interner {
  private readonly pool = new Map<string, string>();
  of(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    this.pool.set(s, s);
    return s;
  }
}

export function slim(e: EntryOf<'recommendation'>, names: Interner = new Interner()): Settled {
  const gesture = names.of(e.gesture.id);
  return {
    id: e.id,
    t: Date.parse(e.at),
    location: names.of(e.location),
    staff: names.of(e.actor.name.toLowerCase()),
    token: names.of(e.actor.token_id.toLowerCase()),
    rule: names.of(e.rule_id ?? 'fallback'),
    recommended: gesture,
    outcome: null,
    reaction: null,
    gesture_id: gesture,
    value: e.value,
    recommended_value: e.value,
    offer: [[gesture, e.gesture.value], ...e.alternatives.map((g): [string, number] => [names.of(g.id), g.value])],
  };
}

/** Mutable index: feed entries in log order with add(); read with get()/values()/since(). */
export class SettledIndex {
  private readonly byId = new Map<string, Settled>();
  private readonly inOrder: Settled[] = [];
  private lastSeq = 0;
  private readonly names = new Interner();

  /** Entries at or before the last one seen are ignored, so a replay overlapping live appends counts each once. */
  add(entry: LogEntry): void {
    if (entry.seq <= this.lastSeq) return;
    this.lastSeq = entry.seq;
    if (entry.type === 'recommendation') {
      const s = slim(entry, this.names);
      this.byId.set(s.id, s);
      this.inOrder.push(s);
      return;
    }
    if (entry.type === 'correction') {
      // Staff chose another rule: its recommendation is the one on the table, decided afresh,
      // and the recovery counts for the rule it really was about.
      const c = this.byId.get(entry.ref);
      if (!c) return;
      c.rule = this.names.of(entry.rule_id);
      c.outcome = null;
      c.gesture_id = this.names.of(entry.gesture.id);
      c.value = entry.value;
      c.offer = [entry.gesture, ...entry.alternatives].map((g): [string, number] => [this.names.of(g.id), g.value]);
      return;
    }
    if (entry.type !== 'decision') return;
    const s = this.byId.get(entry.ref);
    if (!s) return; // a decision for an unknown entry is the log's problem, not the stats'
    s.outcome = entry.outcome;
    if (entry.reaction) s.reaction = entry.reaction;
    if (entry.gesture_id && entry.gesture_id !== s.gesture_id) {
      const offered = s.offer.find(([id]) => id === entry.gesture_id);
      s.gesture_id = this.names.of(entry.gesture_id);
      // A gesture outside the offer keeps the current value: we cannot price what we do not know.
      if (offered) s.value = offered[1];
    }
    // Newer decisions carry the value they gave.
    if (typeof entry.value === 'number' && entry.gesture_id === s.gesture_id) s.value = entry.value;
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
