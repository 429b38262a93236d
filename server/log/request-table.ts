/**
 * request_id → recommendation seqs without keeping a million strings in a Map: a 32-bit
 * hash per entry (a column, saved with the index) and an open-addressing table of seqs
 * rebuilt from it in milliseconds. Lookups return candidates; the caller confirms each by
 * reading the entry (a different id with the same hash is rare and harmless).
 */
import { Column } from './grow.ts';

/** FNV-1a over UTF-16 code units; never 0 (0 marks "no request id"). */
export function requestHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h === 0 ? 1 : h | 0;
}

export class RequestTable {
  /** Per entry (index seq - 1): the hash of its request_id, 0 when it has none. */
  readonly hashes = new Column(Int32Array);
  private table = new Int32Array(1024);
  private used = 0;

  /** Records entry `seq` (the newest) with this request id, or none. */
  add(seq: number, requestId: string | undefined): void {
    if (requestId === undefined) {
      this.hashes.set(seq - 1, 0);
      return;
    }
    const h = requestHash(requestId);
    this.hashes.set(seq - 1, h);
    if ((this.used + 1) * 2 > this.table.length) this.rebuild(seq, this.table.length * 2);
    else this.insert(seq, h);
  }

  /** Seqs whose request id may be `requestId`, oldest first. */
  candidates(requestId: string): number[] {
    const h = requestHash(requestId);
    const mask = this.table.length - 1;
    const out: number[] = [];
    for (let slot = h & mask; this.table[slot] !== 0; slot = (slot + 1) & mask) {
      const seq = this.table[slot] as number;
      if (this.hashes.get(seq - 1) === h) out.push(seq);
    }
    return out.sort((a, b) => a - b);
  }

  /** Rebuilds the table for entries 1..count (after loading the hashes column). */
  rebuild(count: number, size = 1024): void {
    let n = 0;
    for (let i = 0; i < count; i++) if (this.hashes.get(i) !== 0) n++;
    while (size < n * 2 + 2) size *= 2;
    this.table = new Int32Array(size);
    this.used = 0;
    for (let seq = 1; seq <= count; seq++) {
      const h = this.hashes.get(seq - 1);
      if (h !== 0) this.insert(seq, h);
    }
  }

  private insert(seq: number, h: number): void {
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = seq;
    this.used++;
  }
}
