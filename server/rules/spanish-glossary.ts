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
  const out: SpanishGlossary = { exact, stems, fix: data.misspellings.get('es') ?? new Map(), maxWords };
  cache.set(data, out);
  return out;
}
