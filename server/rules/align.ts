/**
 * Aligns one manager's phrase with the words staff typed.
 *
 * A phrase matches when all its words appear in order in one sentence, with
 * at most MAX_GAP other words between two of them ("order was never
 * delivered" for "order never delivered") and at most MAX_TOTAL_GAP in all.
 * Failing that, the phrase's two halves may come the other way round ("never
 * ordered the parts" for "parts not ordered") when the phrase has a negative
 * word or a content word (not a particle like "out", "up") in each half. Little words of the phrase may
 * be missing while two other words still anchor it ("forgot order" for
 * "forgot to order", "never ordered" for "didn't order"). Gaps, swaps, missing words, stems, typos and related words each
 * lower the score; rarer words and longer phrases raise it. At most one word
 * of a phrase may come through a typo or a related word.
 */
import type { MatchedTerm } from '../contract/recommendation.ts';
import type { Word } from './normalize.ts';
import type { Term, TermWord } from './term-index.ts';

export type WordHow = 'exact' | 'stem' | 'typo' | 'related';

export const MAX_GAP = 2;
export const MAX_TOTAL_GAP = 3;
export const WORD_FACTOR: Record<WordHow, number> = { exact: 1, stem: 0.9, typo: 0.7, related: 0.6 };
const GAP_FACTOR = 0.85; // per word between the phrase's words, or missing from it
const LENGTH_BONUS = 0.3; // per extra word: longer phrases are stronger evidence
const SWAP_FACTOR = 0.8; // the phrase's halves in the other order
/** Adverb particles of phrasal verbs and idioms: real words, but never a swappable half on their own. */
const PARTICLES: ReadonlySet<string> = new Set(['out', 'up', 'off', 'down', 'over', 'back', 'away', 'around', 'about', 'through', 'along', 'in', 'on']);
/** Search steps per phrase order; real phrases need a handful, this bounds odd ones. */
const MAX_STEPS = 4000;

export interface Hit {
  tok: number;
  how: WordHow;
}

export interface AlignCtx {
  ws: readonly Word[];
  negatedBy: Int32Array;
  /** Indexes of the negative words in the text. */
  negators: number[];
  /** What typed word tok weighs as a direct match of a rule word: a related match never weighs more. */
  directWeight: (tok: number) => number;
}

/** The weight a phrase word lends a hit: a related word is capped at the typed word's own weight. */
export function hitWeight(w: TermWord, how: WordHow, tok: number, ctx: AlignCtx): number {
  return how === 'related' ? Math.min(w.weight, ctx.directWeight(tok)) : w.weight;
}

/** One phrase found in the text. */
export interface TermMatch {
  term: Term;
  /** Word indexes used, ascending. */
  tokens: number[];
  hows: WordHow[];
  skipped: number;
  swapped: boolean;
  score: number;
}

/** Best alignment of a phrase, or null. perPos[pos] lists the typed words that can fill word pos. */
export function alignTerm(term: Term, perPos: Array<Hit[] | undefined>, ctx: AlignCtx): TermMatch | null {
  const words = term.words;
  if (words.length === 1) return alignOne(term, perPos[0] ?? [], ctx);
  const inOrder = words.map((_, i) => i);
  let best = alignOrder(term, inOrder, perPos, ctx, 1);
  if (!best && words.length > 1) {
    const real = (w: TermWord): boolean => !w.negator && !w.optional;
    // Swapped halves keep their meaning when a negative word carries it ("never ordered the parts" for
    // "parts not ordered") or when each half holds a content word ("charged the wrong card" for "wrong
    // charge"). A word plus particles is an idiom, not two things: "out of order" is not "ordered
    // medium came out". Asking for two content words a side would lose "car was promised" for
    // "promised the car", which the shipped cases need.
    const negated = words.some((w) => w.negator);
    const content = (w: TermWord): boolean => real(w) && !PARTICLES.has(w.text);
    for (let k = 1; k < words.length; k++) {
      // Never split a negative word from the word it goes with, and keep real words in each half
      // ("table for" must not meet "for a table").
      if ((words[k - 1] as TermWord).negator) continue;
      if (!words.slice(0, k).some(real) || !words.slice(k).some(real)) continue;
      if (!negated && (!words.slice(0, k).some(content) || !words.slice(k).some(content))) continue;
      const m = alignOrder(term, [...inOrder.slice(k), ...inOrder.slice(0, k)], perPos, ctx, SWAP_FACTOR);
      if (m && (!best || m.score > best.score)) best = m;
    }
  }
  return best;
}

/** One-word phrases, most of any file: the best single hit not taken back by a "not". */
function alignOne(term: Term, hits: readonly Hit[], ctx: AlignCtx): TermMatch | null {
  let best: Hit | undefined;
  for (const h of hits) {
    if ((ctx.negatedBy[h.tok] as number) >= 0) continue;
    if (!best || WORD_FACTOR[h.how] > WORD_FACTOR[best.how]) best = h;
  }
  if (!best) return null;
  const score = hitWeight(term.words[0] as TermWord, best.how, best.tok, ctx) * WORD_FACTOR[best.how];
  return { term, tokens: [best.tok], hows: [best.how], skipped: 0, swapped: false, score };
}

function alignOrder(term: Term, order: readonly number[], perPos: Array<Hit[] | undefined>, ctx: AlignCtx, factor: number): TermMatch | null {
  const words = term.words;
  // Little words may go missing while two real words anchor the phrase; with one real word and a
  // negative word only one may ("never ordered" for "didn't order", not for "didn't order this").
  const real = words.filter((w) => !w.optional && !w.negator).length;
  const anchors = words.filter((w) => !w.optional).length;
  const maxSkips = real >= 2 ? MAX_TOTAL_GAP : anchors >= 2 ? 1 : 0;
  let best: TermMatch | null = null;
  const tokens: number[] = [];
  const hows: WordHow[] = [];
  const at: number[] = new Array<number>(words.length).fill(-1); // index into tokens, -1 = skipped

  const finish = (skipped: number): void => {
    if (tokens.length === 0) return;
    // Every word a "not" took back must be covered by a negative word of this phrase.
    for (const t of tokens) {
      const by = ctx.negatedBy[t] as number;
      if (by >= 0 && !tokens.includes(by)) return;
    }
    // One stand-in word per phrase at most: "came with a scratch" is not "arrived with a dent".
    let standIns = 0;
    for (const h of hows) if (h === 'related' || h === 'typo') standIns++;
    if (standIns > 1) return;
    let sum = 0;
    let used = 0;
    let direct = 0;
    for (let pos = 0; pos < words.length; pos++) {
      const k = at[pos] as number;
      if (k < 0) continue;
      sum += hitWeight(words[pos] as TermWord, hows[k] as WordHow, tokens[k] as number, ctx) * WORD_FACTOR[hows[k] as WordHow];
      used++;
      const w = words[pos] as TermWord;
      if (!w.negator && !w.optional && hows[k] !== 'related') direct++;
    }
    // A phrase heard only through a related word ("nobody told" for "no update") is no longer evidence than that word.
    if (direct === 0) used = 1;
    const first = tokens[0] as number;
    const last = tokens[tokens.length - 1] as number;
    const gap = last - first + 1 - tokens.length;
    const score = factor * sum * (1 + LENGTH_BONUS * (used - 1)) * GAP_FACTOR ** (gap + skipped);
    if (!best || score > best.score) best = { term, tokens: [...tokens], hows: [...hows], skipped, swapped: factor !== 1, score };
  };

  let budget = MAX_STEPS;
  const walk = (step: number, skipped: number, gapSoFar: number): void => {
    if (--budget < 0) return; // a phrase of repeated words over text of repeated words: keep the best found
    if (step === order.length) return finish(skipped);
    const pos = order[step] as number;
    const w = words[pos] as TermWord;
    const prev = tokens.length > 0 ? (tokens[tokens.length - 1] as number) : -1;
    const cands: readonly Hit[] = w.negator ? negatorHits(w, ctx) : (perPos[pos] ?? []);
    for (const h of cands) {
      let gap = 0;
      if (prev >= 0) {
        gap = h.tok - prev - 1;
        if (gap < 0 || gap > MAX_GAP || gapSoFar + gap > MAX_TOTAL_GAP) continue;
        if ((ctx.ws[h.tok] as Word).sentence !== (ctx.ws[prev] as Word).sentence) continue;
      }
      tokens.push(h.tok);
      hows.push(h.how);
      at[pos] = tokens.length - 1;
      walk(step + 1, skipped, gapSoFar + gap);
      tokens.pop();
      hows.pop();
    }
    at[pos] = -1;
    if (w.optional && skipped < maxSkips && skipped + gapSoFar < MAX_TOTAL_GAP) walk(step + 1, skipped + 1, gapSoFar);
  };
  walk(0, 0, 0);
  return best;
}

/** Any negative word typed fills a phrase's negative word ("never" for "not"). */
function negatorHits(w: TermWord, ctx: AlignCtx): Hit[] {
  return ctx.negators.map((tok) => ({ tok, how: (ctx.ws[tok] as Word).text === w.text ? 'exact' : 'stem' }));
}

/** The match as the explanation shows it: what was heard, how, and via which word. */
export function describeMatch(m: TermMatch, ws: readonly Word[]): MatchedTerm {
  const first = m.tokens[0] as number;
  const last = m.tokens[m.tokens.length - 1] as number;
  const heard = ws.slice(first, last + 1).map((w) => w.text).join(' ');
  const gapped = m.swapped || m.skipped > 0 || last - first + 1 > m.tokens.length;
  const relatedAt = m.hows.indexOf('related');
  const out: MatchedTerm = { term: m.term.phrase, heard, how: 'exact', score: round(m.score) };
  if (relatedAt >= 0) {
    out.how = 'related';
    out.via = (ws[m.tokens[relatedAt] as number] as Word).text;
  } else if (m.hows.includes('typo')) out.how = 'typo';
  else if (gapped) out.how = 'gap';
  else if (m.hows.includes('stem')) out.how = 'stem';
  return out;
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;
