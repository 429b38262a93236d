/**
 * Spanish descriptions heard in the English words of the rules.
 *
 * Each Spanish word (misspellings fixed first) is looked up in the glossary,
 * longest phrase first, by the words as typed and then by their Spanish stems;
 * what it stands for in English takes its place, every alternative of it
 * ("cita" → appointment, booking), so whichever word the manager wrote is
 * heard. Little words become what the English negation and phrase matcher
 * need: "no está lista" → not ready, "no es por el ruido" → not about the
 * noise, "no llegó" → no arrived (a failure, nothing taken back), "pero" ends
 * a clause. A word the rules themselves use (a manager's Spanish `mentions`,
 * Spanglish such as "check in") is kept as typed too. Other Spanish little
 * words are dropped; unknown words are kept (they may be English).
 *
 * Pure: words in, words out, and what was heard as what for the explanation.
 */
import type { Word } from './normalize.ts';
import type { Heard, Mapped } from './translate.ts';
import { nearKey, type SpanishGlossary, type GlossaryEntry } from './spanish-glossary.ts';
import { stemEs } from './spanish.ts';
import LITTLE from './words/es-little-words.json' with { type: 'json' };

const NEGATORS: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.negators));
const BE: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.be));
const ABOUT: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.about));
const WORDS: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.words));
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'su', 'sus']);
const CLAUSE_AS: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.clause_words_as));
const PHRASES: ReadonlyMap<string, string> = new Map(Object.entries(LITTLE.phrases));

export interface SpanishMapOptions {
  /** Spanish function words (corpus/lang-es-markers.txt): dropped when nothing else claims them. */
  little: ReadonlySet<string>;
  /** True for a word the rules' own mentions use as typed: kept beside its translation. */
  known?: (word: string) => boolean;
}

export function mapSpanish(ws: readonly Word[], g: SpanishGlossary, opts: SpanishMapOptions): Mapped {
  const out: Word[] = [];
  const heard: Heard[] = [];
  const texts = ws.map((w) => g.fix.get(w.text) ?? w.text);
  const stems = texts.map(stemEs);
  let clauseShift = 0;
  const emit = (text: string, at: Word): void => {
    for (const part of text.split(/\s+/)) if (part) out.push({ text: part, sentence: at.sentence, clause: at.clause + clauseShift });
  };
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    const t = texts[i] as string;
    const sameClauseNext = (k: number): string | undefined => (ws[k] && (ws[k] as Word).sentence === w.sentence ? texts[k] : undefined);
    // A glossary phrase starting with a negative word says it best ("no llegó" → did not arrive, "no está lista" → not ready).
    const neg = NEGATORS.get(t);
    const negPhrase = neg !== undefined ? lookup(texts, stems, i, w.sentence, ws, g, 2) : undefined;
    if (negPhrase) {
      for (const alt of negPhrase.to) emit(alt, w);
      heard.push({ from: ws.slice(i, i + negPhrase.length).map((x) => x.text).join(' '), to: negPhrase.to.join(' / ') });
      i += negPhrase.length - 1;
      continue;
    }
    if (neg !== undefined) {
      const next = sameClauseNext(i + 1);
      if (t === 'no' && next !== undefined && BE.has(next)) {
        // "no es por el ruido" → not about the noise; "no está lista" → not ready.
        const after = sameClauseNext(i + 2);
        if (after !== undefined && ABOUT.has(after)) {
          emit('not about', w);
          i += 2;
        } else if ((next === 'es' || next === 'fue' || next === 'era') && after !== undefined && ARTICLES.has(after)) {
          // "no es la reparación, es…" names what it is not, like English "not a noise issue".
          emit('not a', w);
          i += 2;
        } else {
          emit(`${BE.get(next)} not`, w);
          i += 1;
        }
        continue;
      }
      if (t === 'no' && next !== undefined && PHRASES.get(`${next} ${sameClauseNext(i + 2) ?? ''}`) === 'what') {
        emit('not', w); // "no lo que pidió": not what he ordered
        continue;
      }
      if (t === 'no' && next === 'hay') {
        emit('no', w);
        i += 1;
        continue;
      }
      emit(neg, w);
      continue;
    }
    if (CLAUSE_AS.has(t)) {
      clauseShift++;
      emit(CLAUSE_AS.get(t) as string, { ...w });
      continue;
    }
    const little2 = PHRASES.get(`${t} ${sameClauseNext(i + 1) ?? ''}`);
    if (little2 !== undefined && !lookup(texts, stems, i, w.sentence, ws, g, 2)) {
      emit(little2, w);
      i += 1;
      continue;
    }
    let entry = lookup(texts, stems, i, w.sentence, ws, g, 1);
    // "de mala manera": a little word's phrase ("de mala") gives way to a longer one starting at the next word ("mala manera").
    if (entry && opts.little.has(t)) {
      const next = lookup(texts, stems, i + 1, w.sentence, ws, g, 1);
      if (next && next.length >= entry.length) entry = undefined;
    }
    if (opts.known?.(t)) emit(t, w);
    if (entry) {
      for (const alt of entry.to) emit(alt, w);
      heard.push({ from: ws.slice(i, i + entry.length).map((x) => x.text).join(' '), to: entry.to.join(' / ') });
      i += entry.length - 1;
      continue;
    }
    const little = BE.get(t) ?? WORDS.get(t);
    if (little !== undefined) {
      emit(little, w);
      continue;
    }
    if (opts.known?.(t)) continue; // already kept as typed
    if (opts.little.has(t)) continue;
    // A typo of a glossary word ("groseor", "pidiron"), when it is one edit from exactly one.
    const typo = nearKey(g, t);
    const fixed = typo !== undefined ? g.exact.get(typo) : undefined;
    if (fixed) {
      for (const alt of fixed.to) emit(alt, w);
      heard.push({ from: w.text, to: fixed.to.join(' / ') });
      continue;
    }
    emit(t, w);
  }
  return { words: out, heard };
}

/** The longest glossary key starting at i within the sentence: as typed first, then by stems. */
function lookup(texts: readonly string[], stems: readonly string[], i: number, sentence: number, ws: readonly Word[], g: SpanishGlossary, minWords: number): GlossaryEntry | undefined {
  for (let n = Math.min(g.maxWords, ws.length - i); n >= minWords; n--) {
    if ((ws[i + n - 1] as Word).sentence !== sentence) continue;
    const exact = g.exact.get(texts.slice(i, i + n).join(' '));
    if (exact) return exact;
    const byStem = g.stems.get(stems.slice(i, i + n).join(' '));
    // A short stem joins words of different lengths that mean different things ("pasó" and "pasado" = stale: "pas"),
    // while "roto" and "rota" ("rot") stay joined.
    if (byStem && (n > 1 || (stems[i] as string).length >= 4 || Math.abs(byStem.from.length - (texts[i] as string).length) < 2)) return byStem;
  }
  return undefined;
}
