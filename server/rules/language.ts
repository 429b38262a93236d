/**
 * Which language a description is in, decided from data: each language's
 * function words (corpus/lang-<xx>-markers.txt) and the words its corpus lines
 * use that the other languages' lines do not. Accented letters and ¿¡ lean
 * Spanish. Short texts with no clue get the rules file's language.
 */
import type { Word } from './normalize.ts';
import type { LearnData } from './learn-data.ts';

export interface LanguageModel {
  languages: string[];
  markers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Words seen in one language's corpus lines and no other's. */
  ownWords: ReadonlyMap<string, ReadonlySet<string>>;
  misspellings: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const MARKER_POINTS = 2;
const OWN_WORD_POINTS = 1;
const SPANISH_LETTERS = /[ñ¿¡áéíóú]/gi;

/** Folded words of a corpus line, without the normaliser's sentence bookkeeping. */
const plainWords = (text: string): string[] =>
  text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[a-z]+/g) ?? [];

const models = new WeakMap<LearnData, LanguageModel>();

export function languageModel(data: LearnData): LanguageModel {
  const hit = models.get(data);
  if (hit) return hit;
  const seen = new Map<string, Set<string>>();
  for (const l of data.lines) {
    let set = seen.get(l.lang);
    if (!set) seen.set(l.lang, (set = new Set()));
    for (const w of plainWords(l.text)) if (w.length > 2) set.add(w);
  }
  const ownWords = new Map<string, Set<string>>();
  for (const [lang, set] of seen) {
    const own = new Set<string>();
    for (const w of set) if (![...seen].some(([other, s]) => other !== lang && s.has(w))) own.add(w);
    ownWords.set(lang, own);
  }
  const languages = [...new Set([...data.markers.keys(), ...seen.keys()])].sort();
  const model: LanguageModel = { languages, markers: data.markers, ownWords, misspellings: data.misspellings };
  models.set(data, model);
  return model;
}

/** The description's language code, or `fallback` when nothing points elsewhere. */
export function detectLanguage(ws: readonly Word[], raw: string, model: LanguageModel, fallback: string): string {
  if (model.languages.length < 2) return fallback;
  let best = fallback;
  let bestScore = 0;
  let fallbackScore = 0;
  for (const lang of model.languages) {
    const markers = model.markers.get(lang);
    const own = model.ownWords.get(lang);
    const fix = model.misspellings.get(lang);
    let score = 0;
    for (const w of ws) {
      if (markers?.has(w.text)) score += MARKER_POINTS;
      else if (own?.has(w.text) || fix?.has(w.text)) score += OWN_WORD_POINTS;
    }
    if (lang === 'es') score += Math.min(2, (raw.match(SPANISH_LETTERS) ?? []).length) * MARKER_POINTS;
    if (lang === fallback) fallbackScore = score;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  // A tie keeps the file's language.
  return bestScore > fallbackScore ? best : fallback;
}
