/**
 * Joins each recommendation with the decisions logged for it, so stats can ask
 * "how did this recovery end?" without scanning the log again. Pure: takes entries, returns values.
 */
import type { EntryOf, LogEntry, Outcome, Reaction } from '../contract/log-entry.ts';

export interface Settled {
  rec: EntryOf<'recommendation'>;
  /** The last decision's outcome, or null while nothing was decided. */
  outcome: Outcome | null;
  /** The last reaction any decision recorded. */
  reaction: Reaction | null;
  /** The gesture finally given: the decision's gesture (after a swap) or the recommended one. */
  gesture_id: string;
  /** Value of that gesture. */
  value: number;
}

/** Mutable index: feed entries in log order with add(); read with get()/values(). */
export class SettledIndex {
  private readonly byId = new Map<string, Settled>();

  add(entry: LogEntry): void {
    if (entry.type === 'recommendation') {
      this.byId.set(entry.id, { rec: entry, outcome: null, reaction: null, gesture_id: entry.gesture.id, value: entry.value });
      return;
    }
    if (entry.type !== 'decision') return;
    const s = this.byId.get(entry.ref);
    if (!s) return; // a decision for an unknown entry is the log's problem, not the stats'
    s.outcome = entry.outcome;
    if (entry.reaction) s.reaction = entry.reaction;
    if (entry.gesture_id && entry.gesture_id !== s.gesture_id) {
      const g = [s.rec.gesture, ...s.rec.alternatives].find((x) => x.id === entry.gesture_id);
      s.gesture_id = entry.gesture_id;
      // A gesture outside the offer keeps the recommended value: we cannot price what we do not know.
      if (g) s.value = g.value;
    }
  }

  get(id: string): Settled | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<Settled> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
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
