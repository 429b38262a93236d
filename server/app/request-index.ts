/**
 * What the recovery feature must find again: which recommendation answered a staff
 * member's requestId, and when each customer_ref was last helped. (Which decision a retry
 * repeats is read from the recommendation's related entries: recovery-feature.ts.)
 *
 * The first is asked of the log store (its own request-id table), so this process keeps
 * no copy of every entry: a long log costs neither memory nor a parse of every line at start. Only customer visit times live here, rebuilt from
 * the store's compact rows.
 */
import type { EntryOf, LogEntry } from '../contract/log-entry.ts';
import type { RecoveryLogStore } from '../log/store.ts';

const DAY_MS = 86_400_000;
const key = (...parts: string[]) => parts.join('\u0000');

export type RequestLookup = Pick<RecoveryLogStore, 'findByRequestId' | 'related' | 'rows'>;

export class RequestIndex {
  private readonly customers = new Map<string, number[]>();

  constructor(private readonly store: RequestLookup) {
    for (const row of store.rows({ type: 'recommendation' })) {
      if (row.customer_ref) this.visit(row.customer_ref, row.at);
    }
  }

  /** Called after every durable append, in log order. */
  add(entry: LogEntry): void {
    if (entry.type === 'recommendation' && entry.context.customer_ref) this.visit(entry.context.customer_ref, Date.parse(entry.at));
  }

  private visit(ref: string, at: number): void {
    const times = this.customers.get(ref);
    if (times) times.push(at);
    else this.customers.set(ref, [at]);
  }

  /** The first recommendation this token logged under requestId (a duplicate never changes a retry's answer). */
  recommendation(tokenId: string, requestId: string): EntryOf<'recommendation'> | undefined {
    for (const e of this.store.findByRequestId(requestId)) {
      if (e.type === 'recommendation' && e.actor.token_id === tokenId) return e;
    }
    return undefined;
  }

  /** Earlier recoveries for this customer within `days` before `now`. */
  previousRecoveries(customerRef: string | undefined, days: number, now: number): number {
    if (!customerRef) return 0;
    const since = now - days * DAY_MS;
    let n = 0;
    for (const t of this.customers.get(customerRef) ?? []) if (t >= since && t <= now) n++;
    return n;
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
