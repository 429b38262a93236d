/**
 * Finds which of the managers' phrases a description contains, and how well.
 *
 * Each typed word is looked up once (by stem, then related word, then typo
 * neighbourhood); only the phrases those lookups name are aligned, so the
 * cost follows the words typed, not the number of rules.
 *
 * A phrase matches when all its words appear in order in one sentence, with
 * at most MAX_GAP other words between two of them ("order was never
 * delivered" for "order never delivered") and at most MAX_TOTAL_GAP in all.
 * Failing that, the phrase's two halves may come the other way round ("never
 * ordered the parts" for "parts not ordered"). Gaps, swaps, stems, typos and
 * related words each lower the score.
 */
import type { MatchedTerm } from '../contract/recommendation.ts';
import type { Word } from './normalize.ts';
import { NEGATORS } from './negation.ts';
import { STOPWORDS } from './stopwords.ts';
import { stem } from './stem.ts';
import { typoEligible, type Posting, type Term, type TermIndex, type TermWord } from './term-index.ts';

export type How = MatchedTerm['how'];
type WordHow = 'exact' | 'stem' | 'typo' | 'related';

export const MAX_GAP = 2;
export const MAX_TOTAL_GAP = 3;
const WORD_FACTOR: Record<WordHow, number> = { exact: 1, stem: 0.9, typo: 0.7, related: 0.6 };
const GAP_FACTOR = 0.85; // per word between the phrase's words
const LENGTH_BONUS = 0.3; // per extra word: longer phrases are stronger evidence
const SWAP_FACTOR = 0.8; // halves of the phrase in the other order

interface Lookup {
  kind: WordHow; // exact or stem decided per term word
  postings: Posting[];
}

/** What one typed word points at. Cached per engine: the same words recur all day. */
export type WordLookup = { stem: string; found: Lookup[] };

export function lookupWord(index: TermIndex, text: string): WordLookup {
  const s = stem(text);
  const found: Lookup[] = [];
  const direct = index.byStem.get(s);
  if (direct) found.push({ kind: 'stem', postings: direct });
  const rel = index.byRelated.get(s);
  if (rel) found.push({ kind: 'related', postings: rel });
  if (!direct && !rel && typoEligible(index, text, s)) {
    for (const near of index.typo.lookup(s)) {
      const p = index.byStem.get(near.word);
      if (p) found.push({ kind: 'typo', postings: p });
    }
  }
  return { stem: s, found };
}

interface Hit {
  tok: number;
  how: WordHow;
}

/** One phrase found in the text. */
export interface TermMatch {
  term: Term;
  /** Word indexes used, in order. */
  tokens: number[];
  matched: MatchedTerm;
}

interface Ctx {
  ws: readonly Word[];
  negatedBy: Int32Array;
  negators: number[];
}

/** All phrase matches in the text, grouped by rule index. */
export function matchText(
  index: TermIndex,
  ws: readonly Word[],
  negatedBy: Int32Array,
  lookup: (text: string) => WordLookup,
): Map<number, TermMatch[]> {
  const hitsByTerm = new Map<number, Hit[][]>();
  const negators: number[] = [];
  for (let i = 0; i < ws.length; i++) {
    const text = (ws[i] as Word).text;
    if (NEGATORS.has(text)) {
      negators.push(i);
      continue;
    }
    for (const { kind, postings } of lookup(text).found) {
      for (const { term, pos } of postings) {
        const tw = (index.terms[term] as Term).words[pos];
        if (!tw) continue;
        const how: WordHow = kind === 'stem' ? (tw.text === text ? 'exact' : 'stem') : kind;
        let perPos = hitsByTerm.get(term);
        if (!perPos) hitsByTerm.set(term, (perPos = []));
        (perPos[pos] ??= []).push({ tok: i, how });
      }
    }
  }
  const ctx: Ctx = { ws, negatedBy, negators };
  const byRule = new Map<number, TermMatch[]>();
  for (const [termId, perPos] of hitsByTerm) {
    const term = index.terms[termId] as Term;
    const m = alignTerm(term, perPos, ctx);
    if (!m) continue;
    const list = byRule.get(term.rule);
    if (list) list.push(m);
    else byRule.set(term.rule, [m]);
  }
  return byRule;
}

interface Path {
  tokens: number[];
  hows: WordHow[];
  skipped: number;
  score: number;
  swapped: boolean;
}

/**
 * Best alignment of a phrase: in the manager's order, or else with its two
 * halves swapped ("parts not ordered" ↔ "never ordered the parts"), which
 * scores lower. A swap never separates a negative word from the word after it.
 */
function alignTerm(term: Term, perPos: Hit[][], ctx: Ctx): TermMatch | null {
  const words = term.words;
  // A one-word phrase made of a little word never fires alone.
  if (words.length === 1 && STOPWORDS.has((words[0] as TermWord).text)) return null;
  const inOrder = words.map((_, i) => i);
  let best = alignOrder(words, inOrder, perPos, ctx, 1);
  if (!best && words.length > 1) {
    for (let k = 1; k < words.length; k++) {
      if ((words[k - 1] as TermWord).negator) continue;
      const path = alignOrder(words, [...inOrder.slice(k), ...inOrder.slice(0, k)], perPos, ctx, SWAP_FACTOR);
      if (path && (!best || path.score > best.score)) best = path;
    }
  }
  return best ? toMatch(term, best, ctx) : null;
}

function alignOrder(words: readonly TermWord[], order: readonly number[], perPos: Hit[][], ctx: Ctx, factor: number): Path | null {
  let best: Path | null = null;
  const tokens: number[] = [];
  const hows: WordHow[] = [];
  // at[pos] = index into tokens/hows, or -1 when an optional word was skipped.
  const at: number[] = new Array<number>(words.length).fill(-1);

  const candidates = (pos: number): Hit[] => {
    const w = words[pos] as TermWord;
    if (w.negator) return ctx.negators.map((tok) => ({ tok, how: (ctx.ws[tok] as Word).text === w.text ? 'exact' : 'stem' }));
    return perPos[pos] ?? [];
  };

  const finish = (skipped: number): void => {
    if (tokens.length === 0) return;
    // Every word a "not" took back must be covered by a negative word of this phrase.
    for (const t of tokens) {
      const by = ctx.negatedBy[t] as number;
      if (by >= 0 && !tokens.includes(by)) return;
    }
    let sum = 0;
    let used = 0;
    words.forEach((w, pos) => {
      const k = at[pos] as number;
      if (k < 0) return;
      sum += w.weight * WORD_FACTOR[hows[k] as WordHow];
      used++;
    });
    const gap = (tokens[tokens.length - 1] as number) - (tokens[0] as number) + 1 - tokens.length;
    const score = factor * sum * (1 + LENGTH_BONUS * (used - 1)) * GAP_FACTOR ** (gap + skipped);
    if (!best || score > best.score) best = { tokens: [...tokens], hows: [...hows], skipped, score, swapped: factor !== 1 };
  };

  const walk = (step: number, skipped: number, gapSoFar: number): void => {
    if (step === order.length) return finish(skipped);
    const pos = order[step] as number;
    const w = words[pos] as TermWord;
    const prev = tokens.length > 0 ? (tokens[tokens.length - 1] as number) : -1;
    for (const h of candidates(pos)) {
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
    if (w.optional && skipped + gapSoFar < MAX_TOTAL_GAP) walk(step + 1, skipped + 1, gapSoFar);
  };
  walk(0, 0, 0);
  return best;
}

function toMatch(term: Term, path: Path, ctx: Ctx): TermMatch {
  const first = Math.min(...path.tokens);
  const last = Math.max(...path.tokens);
  const heard = ctx.ws.slice(first, last + 1).map((w) => w.text).join(' ');
  const gapped = path.swapped || path.skipped > 0 || last - first + 1 > path.tokens.length;
  const relatedAt = path.hows.indexOf('related');
  let how: How = 'exact';
  let via: string | undefined;
  if (relatedAt >= 0) {
    how = 'related';
    via = (ctx.ws[path.tokens[relatedAt] as number] as Word).text;
  } else if (path.hows.includes('typo')) how = 'typo';
  else if (gapped) how = 'gap';
  else if (path.hows.includes('stem')) how = 'stem';
  const matched: MatchedTerm = { term: term.phrase, heard, how, score: round(path.score) };
  if (via !== undefined) matched.via = via;
  return { term, tokens: path.tokens, matched };
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;
