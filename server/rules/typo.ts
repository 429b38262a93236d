/**
 * Small typos: "reciept", "refridgerator", "shampo".
 *
 * Allowed edits grow with word length, because short words are too close to
 * each other to guess ("cold"/"hold"): under 5 letters none, 5–7 letters one,
 * 8 or more two. An edit is an insertion, deletion, substitution or swap of
 * two neighbouring letters (Damerau-Levenshtein, optimal string alignment).
 *
 * Lookup never scans the vocabulary: every vocabulary word is indexed under
 * the strings made by deleting up to two of its letters (the "deletion
 * neighbourhood"); a typed word's own deletions meet them in a Map, and only
 * those few candidates get the exact distance check.
 */

/** How many edits a word of this length may carry. */
export function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 5 ? 1 : 0;
}

/** Damerau-Levenshtein (OSA) distance, or max+1 as soon as it must exceed max. */
export function boundedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] as number;
}

function deletions(word: string, depth: number, into: Set<string>): void {
  if (depth === 0 || word.length <= 3) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(d)) {
      into.add(d);
      deletions(d, depth - 1, into);
    }
  }
}

/** Typed words of this length may be short typos: a letter missing ("redy") or two swapped ("rmoo"). */
export const SHORT_TYPO_LENGTH = 4;

/** Finds vocabulary words within the allowed edits of a typed word. */
export class TypoIndex {
  private readonly byDeletion = new Map<string, string[]>();
  /** 4-letter strings → 5-letter vocabulary words that lose one letter to become them ("redy" ← "ready"). */
  private readonly shortByDeletion = new Map<string, string[]>();
  private readonly short = new Set<string>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (word.length === SHORT_TYPO_LENGTH) this.short.add(word);
      if (word.length === SHORT_TYPO_LENGTH + 1) {
        for (let i = 0; i < word.length; i++) {
          const d = word.slice(0, i) + word.slice(i + 1);
          const list = this.shortByDeletion.get(d);
          if (!list) this.shortByDeletion.set(d, [word]);
          else if (!list.includes(word)) list.push(word);
        }
      }
      const edits = allowedEdits(word.length);
      if (edits === 0 || word.length > 40) continue;
      const keys = new Set<string>([word]);
      deletions(word, edits, keys);
      for (const k of keys) {
        const list = this.byDeletion.get(k);
        if (list) list.push(word);
        else this.byDeletion.set(k, [word]);
      }
    }
  }

  /**
   * A short typed word's one vocabulary word, when it is exactly one: a letter
   * missing ("redy" → ready, "sute" → suite) or two neighbours swapped. Short
   * words are too close to each other to guess among several, and a real word
   * is never passed here (term-index.ts checks), so "cold" never becomes "could".
   */
  lookupShort(typed: string): string | undefined {
    if (typed.length !== SHORT_TYPO_LENGTH) return undefined;
    const found = new Set<string>(this.shortByDeletion.get(typed) ?? []);
    for (let i = 0; i + 1 < typed.length; i++) {
      const swapped = typed.slice(0, i) + typed[i + 1] + typed[i] + typed.slice(i + 2);
      if (swapped !== typed && this.short.has(swapped)) found.add(swapped);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** Vocabulary words near `typed`, closest first; [] when none. */
  lookup(typed: string): Array<{ word: string; distance: number }> {
    const edits = allowedEdits(typed.length);
    if (edits === 0 || typed.length > 40) return []; // no real word is this long; deletions would explode
    const keys = new Set<string>([typed]);
    deletions(typed, edits, keys);
    const seen = new Set<string>();
    const found: Array<{ word: string; distance: number }> = [];
    for (const k of keys) {
      const list = this.byDeletion.get(k);
      if (!list) continue;
      for (const word of list) {
        if (seen.has(word) || word === typed) continue;
        seen.add(word);
        // Both words must be long enough for the edits spent on them.
        const max = Math.min(edits, allowedEdits(word.length));
        const d = boundedDistance(typed, word, max);
        if (d <= max) found.push({ word, distance: d });
      }
    }
    return found.sort((x, y) => x.distance - y.distance || (x.word < y.word ? -1 : 1));
  }
}
