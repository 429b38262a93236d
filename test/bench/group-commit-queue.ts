/**
 * Group commit for the durable echo floor: payloads that arrive while a write + fdatasync is
 * running wait, and all of them share the next write + fdatasync. Each submit resolves once the
 * batch holding it is durable (or rejects with that batch's error). Pure: the sink that writes
 * and syncs is passed in, so the batching can be tested without a disk.
 */
export type BatchSink<T> = (batch: T[]) => Promise<void>;

export class GroupCommitQueue<T> {
  private waiting: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  /** Sizes of the batches written so far, for the echo's own report. */
  readonly batches: number[] = [];

  constructor(private readonly sink: BatchSink<T>) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      this.batches.push(batch.length);
      try {
        await this.sink(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
