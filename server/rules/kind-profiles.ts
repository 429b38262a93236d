/**
 * Each corpus kind as one profile: the IDF-weighted sum of its lines' features
 * (a centroid). A description is compared with every kind's profile through an
 * inverted index (feature → kinds), so the cost follows its words. On the
 * corpus this generalises better than the nearest single lines: staff phrasings
 * vary too much for one line to be close, while a kind's words add up.
 */

export interface KindScore {
  kind: number;
  sim: number;
}

export class KindProfiles {
  /** feature → [kind, weight, kind, weight, ...] with weights already divided by the profile's norm. */
  private readonly postings = new Map<string, Float64Array>();
  private readonly idfs = new Map<string, number>();
  private readonly unseenIdf: number;
  private readonly acc: Float64Array;

  constructor(
    readonly kinds: number,
    lines: ReadonlyArray<{ kind: number; features: readonly string[]; mass?: number }>,
  ) {
    const df = new Map<string, number>();
    for (const l of lines) for (const f of new Set(l.features)) df.set(f, (df.get(f) ?? 0) + 1);
    const n = Math.max(lines.length, 1);
    for (const [f, d] of df) this.idfs.set(f, Math.log(1 + n / d));
    this.unseenIdf = Math.log(1 + n);
    const weights = Array.from({ length: kinds }, () => new Map<string, number>());
    for (const l of lines) {
      const w = weights[l.kind];
      if (!w) continue;
      const mass = l.mass ?? 1;
      for (const f of new Set(l.features)) w.set(f, (w.get(f) ?? 0) + mass * (this.idfs.get(f) as number));
    }
    const byFeature = new Map<string, number[]>();
    weights.forEach((w, k) => {
      let norm = 0;
      for (const v of w.values()) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      for (const [f, v] of w) {
        const list = byFeature.get(f);
        if (list) list.push(k, v / norm);
        else byFeature.set(f, [k, v / norm]);
      }
    });
    for (const [f, list] of byFeature) this.postings.set(f, Float64Array.from(list));
    this.acc = new Float64Array(kinds);
  }

  /**
   * Cosine of the description with each profile, best first, only profiles it
   * shares a word with and at least `within` of the best (the rest never matter
   * and sorting thousands of them would cost more than the whole match).
   */
  score(features: readonly string[], within = 0): KindScore[] {
    const acc = this.acc;
    acc.fill(0);
    let qn = 0;
    const seen = new Set<string>();
    for (const f of features) {
      if (seen.has(f)) continue;
      seen.add(f);
      const idf = this.idfs.get(f);
      if (idf === undefined) {
        qn += this.unseenIdf * this.unseenIdf;
        continue;
      }
      qn += idf * idf;
      const p = this.postings.get(f) as Float64Array;
      // Among many profiles, a word in a fifth of them separates none and would cost a walk through them all.
      if (this.kinds > 100 && p.length > 0.4 * this.kinds) continue;
      for (let j = 0; j < p.length; j += 2) {
        const k = p[j] as number;
        acc[k] = (acc[k] as number) + idf * (p[j + 1] as number);
      }
    }
    if (qn === 0) return [];
    const q = Math.sqrt(qn);
    let max = 0;
    for (let k = 0; k < this.kinds; k++) if ((acc[k] as number) > max) max = acc[k] as number;
    const cut = Math.max(within * max, Number.MIN_VALUE);
    const out: KindScore[] = [];
    for (let k = 0; k < this.kinds; k++) if ((acc[k] as number) >= cut) out.push({ kind: k, sim: (acc[k] as number) / q });
    return out.sort((a, b) => b.sim - a.sim);
  }
}
