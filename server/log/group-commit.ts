/**
 * Group commit: callers queue items; while one flush is in flight the rest wait and then
 * go together in the next one, so N concurrent appends cost far fewer than N fsyncs.
 * The flush function settles each item: a value, or an error for just that item.
 */
export type Settle<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<T, R> {
  private queue: Waiting<T, R>[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly flush: (items: T[]) => Promise<Settle<R>[]>,
    private readonly maxBatch = 1000,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything queued so far is settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let results: Settle<R>[];
        try {
          results = await this.flush(batch.map((w) => w.item));
        } catch (error) {
          results = batch.map(() => ({ ok: false, error }));
        }
        batch.forEach((w, i) => {
          const r = results[i] ?? { ok: false, error: new Error('group commit: no result for item') };
          if (r.ok) w.resolve(r.value);
          else w.reject(r.error);
        });
      }
    } finally {
      this.running = null;
    }
  }
}
