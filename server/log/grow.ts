/** Typed-array columns that double when full: a 1M-entry index in tens of MB, not GBs of objects. */
type TypedCtor<T> = { new (n: number): T };

export class Column<T extends Float64Array | Int32Array | Uint32Array | Uint8Array> {
  private data: T;
  constructor(
    private readonly ctor: TypedCtor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = v;
  }

  /** Copies src in at value index i (for byte columns), growing as needed. */
  setAll(i: number, src: ArrayLike<number>): void {
    if (i + src.length > this.data.length) this.grow(i + src.length);
    this.data.set(src as never, i);
  }

  /** A view of values [i, i + n) (no copy). */
  view(i: number, n: number): T {
    return this.data.subarray(i, i + n) as T;
  }

  /** The raw bytes of the first n values (a view, for saving). */
  bytes(n: number): Uint8Array {
    return new Uint8Array(this.data.buffer, 0, n * this.data.BYTES_PER_ELEMENT);
  }

  /** Replaces the first n values with saved bytes. */
  load(bytes: Uint8Array, n: number): void {
    const size = n * this.data.BYTES_PER_ELEMENT;
    if (bytes.length < size) throw new Error('column: saved data too short');
    if (n > this.data.length) this.grow(n);
    new Uint8Array(this.data.buffer).set(bytes.subarray(0, size));
  }

  private grow(atLeast: number): void {
    let n = this.data.length * 2;
    while (n < atLeast) n *= 2;
    const bigger = new this.ctor(n);
    bigger.set(this.data as never);
    this.data = bigger;
  }
}

/** Strings to small ints, so a column can hold them. -1 means "none". */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  intern(s: string | undefined | null): number {
    if (s === undefined || s === null) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(s, id);
      this.names.push(s);
    }
    return id;
  }

  /** Restores saved names (ids are positions). */
  load(names: string[]): void {
    this.ids.clear();
    this.names.length = 0;
    for (const n of names) this.intern(n);
  }

  /** The id of a string already seen, else -2 (matches nothing, unlike -1 "none"). */
  lookup(s: string): number {
    return this.ids.get(s) ?? -2;
  }
}
