/**
 * The Spanish→English glossary (corpus/glossary-es-en.tsv, read into
 * LearnData.glossary) as the Spanish mapper looks it up: by the words as typed
 * (accents folded) and by their Spanish stems, so "encargaron" finds
 * "encargó" and "repuesto" finds "repuestos". Built once per LearnData.
 */
import type { LearnData } from './learn-data.ts';
import { stemEs } from './spanish.ts';

export interface GlossaryEntry {
  /** The Spanish key as written in the glossary, folded ("no llego"). */
  from: string;
  /** English alternatives, best first ("did not arrive", "never came"). */
  to: readonly string[];
  /** Number of Spanish words the key spans. */
  length: number;
}

export interface SpanishGlossary {
  /** Words as typed, joined by one space → entry. */
  exact: ReadonlyMap<string, GlossaryEntry>;
  /** Stems joined by one space → entry (the first key written wins). */
  stems: ReadonlyMap<string, GlossaryEntry>;
  /** Misspelt word → correct word (folded). */
  fix: ReadonlyMap<string, string>;
  /** The longest key, in words. */
  maxWords: number;
  /** One-word keys of 5+ letters by each one-letter deletion of them (and themselves): for typos. */
  near: ReadonlyMap<string, readonly string[]>;
}

/** The word and every form of it with one letter left out. */
export function deletions(w: string): string[] {
  const out = [w];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/**
 * The one-word key a typed word is one edit from (a letter added, dropped,
 * changed, or two neighbours swapped: "groseor", "pidiron", "siyas"), when
 * exactly one key is; a known word or a short one is never corrected.
 */
export function nearKey(g: SpanishGlossary, w: string): string | undefined {
  if (w.length < 5 || /\d/.test(w)) return undefined;
  const found = new Set<string>();
  for (const d of deletions(w)) for (const k of g.near.get(d) ?? []) if (k !== w && editDistanceAtMostOne(k, w)) found.add(k);
  return found.size === 1 ? [...found][0] : undefined;
}

/** Symmetric deletion finds candidates; this keeps those truly one edit away (a swap counts as one). */
function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const cache = new WeakMap<LearnData, SpanishGlossary>();

export function spanishGlossary(data: LearnData): SpanishGlossary {
  const hit = cache.get(data);
  if (hit) return hit;
  const exact = new Map<string, GlossaryEntry>();
  const stems = new Map<string, GlossaryEntry>();
  let maxWords = 1;
  for (const [key, to] of data.glossary) {
    const ws = fold(key).match(/[a-z0-9]+/g);
    if (!ws || to.length === 0) continue;
    const entry: GlossaryEntry = { from: ws.join(' '), to: to.map((t) => t.toLowerCase()), length: ws.length };
    if (!exact.has(entry.from)) exact.set(entry.from, entry);
    const sk = ws.map(stemEs).join(' ');
    if (!stems.has(sk)) stems.set(sk, entry);
    maxWords = Math.max(maxWords, ws.length);
  }
  const near = new Map<string, string[]>();
  for (const [key, e] of exact) {
    if (e.length !== 1 || key.length < 5) continue;
    for (const d of deletions(key)) {
      const list = near.get(d);
      if (list) list.push(key);
      else near.set(d, [key]);
    }
  }
  const out: SpanishGlossary = { exact, stems, fix: data.misspellings.get('es') ?? new Map(), maxWords, near };
  cache.set(data, out);
  return out;
}
