/**
 * Labelled examples indexed by feature, for a nearest-neighbour vote:
 * similarity is the cosine of IDF-weighted feature sets, and a query only
 * touches the examples sharing one of its features (an inverted index), so
 * the cost follows the words typed, not the number of examples.
 * Examples can be added at any time (learned corrections); scratch arrays are
 * reused between queries (recommend is synchronous).
 */

/** Share of all examples above which a feature is too common to walk (measured: 0.2 cost 3x more at 10,000 examples). */
const COMMON_SHARE = 0.05;

export interface Neighbour {
  /** Example id (insertion order). */
  id: number;
  sim: number;
}

export class ExampleIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly feats: string[][] = [];
  private norms: number[] = [];
  private count = 0;
  /** Size at the last norm computation: norms follow the IDF, which drifts as examples arrive. */
  private weighedAt = 0;
  private acc = new Float64Array(256);
  private stamp = new Uint32Array(256);
  private gen = 0;

  /** The distinct features example `id` was added with. */
  featuresOf(id: number): string[] {
    return this.feats[id] ?? [];
  }

  get size(): number {
    return this.count;
  }

  private idf(df: number): number {
    return Math.log(1 + this.count / df);
  }

  /** Adds an example's features; returns its id. Its norm uses the IDF of the moment (see reweigh). */
  add(features: readonly string[]): number {
    const id = this.count++;
    const uniq = [...new Set(features)];
    this.feats.push(uniq);
    for (const f of uniq) {
      const list = this.postings.get(f);
      if (list) list.push(id);
      else this.postings.set(f, [id]);
    }
    let n = 0;
    for (const f of uniq) n += this.idf((this.postings.get(f) as number[]).length) ** 2;
    this.norms.push(Math.sqrt(n));
    if (id >= this.acc.length) {
      const size = this.acc.length * 2;
      const acc = new Float64Array(size);
      const stamp = new Uint32Array(size);
      stamp.set(this.stamp);
      this.acc = acc;
      this.stamp = stamp;
    }
    return id;
  }

  /** Recomputes every norm with the IDF of now (amortised: only after the index grew by a tenth). */
  private reweigh(): void {
    for (let id = 0; id < this.count; id++) {
      let n = 0;
      for (const f of this.feats[id] as string[]) n += this.idf((this.postings.get(f) as number[]).length) ** 2;
      this.norms[id] = Math.sqrt(n);
    }
    this.weighedAt = this.count;
  }

  /** The k most similar examples with similarity ≥ minSim, best first. */
  query(features: readonly string[], k: number, minSim: number): Neighbour[] {
    if (this.count === 0 || features.length === 0) return [];
    if (this.count > this.weighedAt * 1.1) this.reweigh();
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    const { acc, stamp, gen } = this;
    const touched: number[] = [];
    let qn = 0;
    const seen = new Set<string>();
    for (const f of features) {
      if (seen.has(f)) continue;
      seen.add(f);
      const list = this.postings.get(f);
      if (!list) continue;
      const w = this.idf(list.length);
      const w2 = w * w;
      qn += w2;
      // A word in one example of twenty says little and would cost a walk through them all.
      if (list.length > COMMON_SHARE * this.count && this.count > 100) continue;
      for (let j = 0; j < list.length; j++) {
        const id = list[j] as number;
        if (stamp[id] !== gen) {
          stamp[id] = gen;
          acc[id] = 0;
          touched.push(id);
        }
        acc[id] = (acc[id] as number) + w2;
      }
    }
    // Words no example has still make the query less like every example.
    for (const f of seen) if (!this.postings.has(f)) qn += this.idf(1) ** 2;
    if (touched.length === 0) return [];
    const q = Math.sqrt(qn);
    const top: Neighbour[] = [];
    for (const id of touched) {
      const sim = Math.min(1, (acc[id] as number) / (q * (this.norms[id] as number)));
      if (sim < minSim) continue;
      if (top.length === k && sim <= (top[k - 1] as Neighbour).sim) continue;
      let i = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push({ id, sim });
      while (i > 0 && (top[i - 1] as Neighbour).sim < sim) {
        top[i] = top[i - 1] as Neighbour;
        i--;
      }
      top[i] = { id, sim };
    }
    return top;
  }
}
