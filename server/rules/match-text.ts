/**
 * Finds which of the managers' phrases a description contains, and how well.
 *
 * Each typed word is looked up once (by stem, related word, typo); the
 * postings it names set one bit per phrase word in scratch arrays, and only
 * phrases whose needed words were all heard get aligned. Nothing here walks
 * the rule list: the cost follows the words typed and the phrases they touch.
 * The scratch arrays are reused between requests (recommend is synchronous).
 */
import type { Word } from './normalize.ts';
import { DENIES, NEGATORS } from './negation.ts';
import { alignTerm, hitWeight, WORD_FACTOR, type AlignCtx, type Hit, type TermMatch, type WordHow } from './align.ts';
import type { Term, TermIndex, TermWord } from './term-index.ts';
import { KIND_RELATED, KIND_TYPO, type WordLookup } from './word-lookup.ts';

/** A second different word heard for a one-word phrase counts this much of a first. */
export const SECOND_WORD_FACTOR = 0.5;

export class TextMatcher {
  private readonly stamp: Uint32Array;
  private readonly mask: Uint32Array;
  /** For one-word phrases head holds the best token and mask the best kind. */
  private readonly head: Int32Array;
  private readonly single: Uint8Array;
  // Per-phrase facts in flat arrays: the hot loops never chase Term objects they will not use.
  private readonly need: Uint32Array;
  private readonly hasNegator: Uint8Array;
  private readonly firstText: string[];
  private readonly firstWeight: Float64Array;
  private readonly second: Int32Array;
  private readonly secondKind: Int32Array;
  private gen = 0;
  // Hits as a linked list per phrase, in flat growable arrays: no allocation per hit.
  private hitTok: Int32Array = new Int32Array(1024);
  private hitPos: Int32Array = new Int32Array(1024);
  private hitKind: Int32Array = new Int32Array(1024);
  private hitNext: Int32Array = new Int32Array(1024);

  constructor(
    private readonly index: TermIndex,
    private readonly lookup: (text: string) => WordLookup,
  ) {
    const n = index.terms.length;
    this.stamp = new Uint32Array(n);
    this.mask = new Uint32Array(n);
    this.head = new Int32Array(n);
    this.single = Uint8Array.from(index.terms, (t) => (t.words.length === 1 ? 1 : 0));
    this.need = Uint32Array.from(index.terms, (t) => t.need);
    this.hasNegator = Uint8Array.from(index.terms, (t) => (t.hasNegator ? 1 : 0));
    this.firstText = index.terms.map((t) => (t.words[0] as TermWord).text);
    this.firstWeight = Float64Array.from(index.terms, (t) => (t.words[0] as TermWord).weight);
    this.second = new Int32Array(n);
    this.secondKind = new Int32Array(n);
  }

  private grow(): void {
    const size = this.hitTok.length * 2;
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.hitTok = g(this.hitTok);
    this.hitPos = g(this.hitPos);
    this.hitKind = g(this.hitKind);
    this.hitNext = g(this.hitNext);
  }

  /** Phrase matches grouped by rule index. */
  match(ws: readonly Word[], negatedBy: Int32Array): Map<number, TermMatch[]> {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    const gen = this.gen;
    const { stamp, mask, head } = this;
    const touched: number[] = [];
    const singles: number[] = [];
    const { single, second, secondKind } = this;
    const negators: number[] = [];
    const stems: string[] = new Array<string>(ws.length).fill('');
    let n = 0;
    for (let i = 0; i < ws.length; i++) {
      const text = (ws[i] as Word).text;
      if (NEGATORS.has(text)) {
        // A "not" that denies a topic ("not a late arrival") fills no phrase's negative word.
        if (negatedBy[i] !== DENIES) negators.push(i);
        continue;
      }
      const lk = this.lookup(text);
      stems[i] = lk.stem;
      for (let k = 0; k < lk.kinds.length; k++) {
        const p = lk.postings[k] as Int32Array;
        const kind = lk.kinds[k] as number;
        for (let j = 0; j < p.length; j += 2) {
          const term = p[j] as number;
          const pos = p[j + 1] as number;
          if (single[term] === 1) {
            // One-word phrase: keep its best hit and the best hit of another word; no list, no alignment.
            if ((negatedBy[i] as number) >= 0) continue;
            if (stamp[term] !== gen) {
              stamp[term] = gen;
              mask[term] = kind;
              head[term] = i;
              second[term] = -1;
              singles.push(term);
              continue;
            }
            const best = head[term] as number;
            if (stems[best] === lk.stem) {
              if (kind < (mask[term] as number)) mask[term] = kind;
              continue; // the same word again is no new evidence
            }
            const other = second[term] as number;
            if (kind < (mask[term] as number)) {
              second[term] = best;
              secondKind[term] = mask[term] as number;
              mask[term] = kind;
              head[term] = i;
            } else if (other === -1 || kind < (secondKind[term] as number)) {
              second[term] = i;
              secondKind[term] = kind;
            }
            continue;
          }
          if (stamp[term] !== gen) {
            stamp[term] = gen;
            mask[term] = 0;
            head[term] = -1;
            touched.push(term);
          }
          mask[term] = (mask[term] as number) | (1 << pos);
          if (n === this.hitTok.length) this.grow();
          this.hitTok[n] = i;
          this.hitPos[n] = pos;
          this.hitKind[n] = kind;
          this.hitNext[n] = head[term] as number;
          head[term] = n++;
        }
      }
    }

    const index = this.index;
    const ctx: AlignCtx = { ws, negatedBy, negators, directWeight: (tok) => index.rarity(stems[tok] as string) };
    const byRule = new Map<number, TermMatch[]>();
    const add = (m: TermMatch): void => {
      const list = byRule.get(m.term.rule);
      if (list) list.push(m);
      else byRule.set(m.term.rule, [m]);
    };
    const { firstText, firstWeight } = this;
    const single1 = (id: number, tok: number, kind: number, factor: number): TermMatch => {
      const how: WordHow = kind === KIND_RELATED ? 'related' : kind === KIND_TYPO ? 'typo' : firstText[id] === (ws[tok] as Word).text ? 'exact' : 'stem';
      const term = this.index.terms[id] as Term;
      const weight = how === 'related' ? hitWeight(term.words[0] as TermWord, how, tok, ctx) : (firstWeight[id] as number);
      return { term, tokens: [tok], hows: [how], skipped: 0, swapped: false, score: factor * weight * WORD_FACTOR[how] };
    };
    for (const id of singles) {
      add(single1(id, head[id] as number, mask[id] as number, 1));
      // A second, different word for the same thing ("filthy" and "mould" for "dirty") adds a little.
      if ((second[id] as number) >= 0) add(single1(id, second[id] as number, secondKind[id] as number, SECOND_WORD_FACTOR));
    }
    const { need, hasNegator } = this;
    for (const id of touched) {
      const needed = need[id] as number;
      if (((mask[id] as number) & needed) !== needed) continue;
      if (hasNegator[id] === 1 && negators.length === 0) continue;
      const term = this.index.terms[id] as Term;
      const m = alignTerm(term, this.gather(term, ws, stems), ctx);
      if (m) add(m);
    }
    return byRule;
  }

  /** Candidate typed words for each word of a phrase, in text order. */
  private gather(term: Term, ws: readonly Word[], stems: readonly string[]): Array<Hit[] | undefined> {
    const perPos: Array<Hit[] | undefined> = [];
    for (let h = this.head[term.id] as number; h !== -1; h = this.hitNext[h] as number) {
      const pos = this.hitPos[h] as number;
      const tok = this.hitTok[h] as number;
      const kind = this.hitKind[h] as number;
      const how: WordHow =
        kind === KIND_RELATED ? 'related' : kind === KIND_TYPO ? 'typo' : (term.words[pos] as TermWord).text === (ws[tok] as Word).text ? 'exact' : 'stem';
      (perPos[pos] ??= []).push({ tok, how });
    }
    // The hit list runs backwards through the text; aligning wants text order.
    for (const list of perPos) if (list !== undefined && list.length > 1) list.reverse();
    // Little words are not indexed: find them in the text directly.
    for (let pos = 0; pos < term.words.length; pos++) {
      const w = term.words[pos] as TermWord;
      if (!w.optional) continue;
      for (let i = 0; i < ws.length; i++) {
        if (stems[i] === w.stem) (perPos[pos] ??= []).push({ tok: i, how: (ws[i] as Word).text === w.text ? 'exact' : 'stem' });
      }
    }
    return perPos;
  }
}
