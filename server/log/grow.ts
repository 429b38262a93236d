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
    if (i >= this.data.length) {
      let n = this.data.length * 2;
      while (n <= i) n *= 2;
      const bigger = new this.ctor(n);
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[i] = v;
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

  /** The id of a string already seen, else -2 (matches nothing, unlike -1 "none"). */
  lookup(s: string): number {
    return this.ids.get(s) ?? -2;
  }
}
