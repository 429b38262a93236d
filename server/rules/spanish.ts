/**
 * Spanish words as the example matcher compares them: accents optional (staff
 * often leave them out, so both sides are folded before stemming), common
 * misspellings fixed from corpus/misspellings-es.tsv, then Snowball's Spanish
 * stemmer, so "limpiaron", "limpia" and "limpiar" meet.
 */
import snowball from 'snowball-stemmers';

const stemmer = snowball.newStemmer('spanish');
const cache = new Map<string, string>();
const CACHE_MAX = 50_000;

/**
 * Stem of a folded (lowercase, accent-free) Spanish word. Snowball reads a
 * singular "-ción" only with its accent, so that one is put back; a stem left ending in "i"
 * ("pidi", "limpi") loses it so the accented and unaccented forms meet.
 */
export function stemEs(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let out = word;
  if (word.length > 3 && !/\d/.test(word)) {
    out = stemmer.stem(word.replace(/([cs])ion$/, '$1ión'));
    out = out.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    if (out.length >= 5 && out.endsWith('i')) out = out.slice(0, -1);
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(word, out);
  return out;
}
