/**
 * In-memory indexes over the log, rebuilt from store.all() at start and kept up to
 * date on every append: which recommendation answered a staff member's requestId,
 * which decision answered (requestId, outcome), and when each customer_ref was last helped.
 * Pure: no I/O.
 */
import type { EntryOf, LogEntry, Outcome } from '../contract/log-entry.ts';

const DAY_MS = 86_400_000;
const key = (...parts: string[]) => parts.join('\u0000');

export class RequestIndex {
  private readonly recs = new Map<string, EntryOf<'recommendation'>>();
  private readonly decisions = new Map<string, EntryOf<'decision'>>();
  private readonly customers = new Map<string, number[]>();

  add(entry: LogEntry): void {
    if (entry.type === 'recommendation') {
      const k = key(entry.actor.token_id, entry.request_id);
      // The first answer wins: a duplicate (never written by us) must not change a retry's answer.
      if (!this.recs.has(k)) this.recs.set(k, entry);
      const ref = entry.context.customer_ref;
      if (ref) {
        const times = this.customers.get(ref) ?? [];
        times.push(Date.parse(entry.at));
        this.customers.set(ref, times);
      }
    } else if (entry.type === 'decision') {
      const k = key(entry.actor.token_id, entry.request_id, entry.outcome);
      if (!this.decisions.has(k)) this.decisions.set(k, entry);
    }
  }

  recommendation(tokenId: string, requestId: string): EntryOf<'recommendation'> | undefined {
    return this.recs.get(key(tokenId, requestId));
  }

  decision(tokenId: string, requestId: string, outcome: Outcome): EntryOf<'decision'> | undefined {
    return this.decisions.get(key(tokenId, requestId, outcome));
  }

  /** Earlier recoveries for this customer within `days` before `now`. */
  previousRecoveries(customerRef: string | undefined, days: number, now: number): number {
    if (!customerRef) return 0;
    const since = now - days * DAY_MS;
    return (this.customers.get(customerRef) ?? []).filter((t) => t >= since && t <= now).length;
  }
}

/** Runs `work` once per key at a time: a duplicate arriving while the first is in flight gets the same promise. */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  run(k: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(k);
    if (existing) return existing;
    const p = work().finally(() => this.running.delete(k));
    this.running.set(k, p);
    return p;
  }
}

export const inflightKey = key;
