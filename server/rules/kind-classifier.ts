/**
 * P(kind | description): a small multinomial logistic regression (softmax, L2,
 * Adagrad) over sparse features of a description, trained from labelled lines
 * (corpus/<lang>/train.jsonl, rule-labelled examples) when the engine is built.
 *
 * Features of one description (all binary, the vector L2-normalised per group):
 *  - word stems in its own language (Porter for English, Snowball for Spanish
 *    after common misspellings are fixed), little words and numbers left out;
 *    an English word a "not" takes back is its own feature ("~nois");
 *  - neighbouring stem pairs within a clause ("never_order");
 *  - character 3–4-grams inside each word, so a typo ("orderd", "cleinte")
 *    still shares most of its pieces with the word;
 *  - Spanish is read through the glossary mapping (spanish-map.ts) as English
 *    words, so Spanish lines and English lines of a kind train the same
 *    weights (best on CV); 'es' and 'both' keep Spanish stems instead / too.
 * Features are 30-bit FNV-1a keys (char grams hashed straight from the letters),
 * looked up in an open-addressing table: no strings made per n-gram at predict time.
 *
 * Pure: lines in, model out; no I/O. Training on the 4,925 corpus lines takes
 * 1.4–2.1 s CPU on a machine at load ~16 on 2 cores (precompute with serialise()
 * if that is too slow at engine build); a prediction ~35 µs (~11 µs of it scoring,
 * the rest words, stems and n-grams; pass `Prepared` words to reuse the engine's).
 */
import { words, type Word } from './normalize.ts';
import { stem } from './stem.ts';
import { stemEs } from './spanish.ts';
import { negationScopes, NEGATORS } from './negation.ts';
import { STOPWORDS } from './stopwords.ts';
import { mapSpanish } from './spanish-map.ts';
import type { SpanishGlossary } from './spanish-glossary.ts';

/** Spanish negative words: part of the failure ("no llegó"), so they stay. */
const NEGATORS_ES: ReadonlySet<string> = new Set(['no', 'nunca', 'nada', 'nadie', 'sin', 'ni', 'tampoco', 'jamas']);

/** What the features need from the corpus data (learn-data.ts): little words, misspellings, the glossary. */
export interface LanguageResources {
  /** Language → its function words (corpus/lang-<xx>-markers.txt). */
  markers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Language → misspelt word → fixed word. */
  misspellings: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Spanish → English glossary (spanish-glossary.ts); without it Spanish is read as Spanish only. */
  glossary?: SpanishGlossary;
}

export interface FeatureOptions {
  bigrams: boolean;
  /** Character n-grams inside words, n from charMin to charMax (0 = none). */
  charMin: number;
  charMax: number;
  /** Weight of the char n-gram group relative to the word group. */
  charWeight: number;
  /** Spanish: 'es' own stems, 'en' glossary-mapped English stems, 'both'. */
  spanish: 'es' | 'en' | 'both';
  /** Mark words a "not" takes back ("~word") in English. */
  negation: boolean;
}

export interface TrainOptions {
  features: FeatureOptions;
  epochs: number;
  /** Adagrad base learning rate. */
  rate: number;
  /** L2 strength per update. */
  l2: number;
  /** Features seen in fewer lines than this are left out of the model. */
  minCount: number;
  /** Shuffle seed: the same lines give the same model. */
  seed: number;
}

/** Chosen by 5-fold CV on corpus train lines (notes/classifier-log.md). */
export const DEFAULT_FEATURES: FeatureOptions = { bigrams: true, charMin: 3, charMax: 4, charWeight: 0.5, spanish: 'en', negation: true };
/** Gradients smaller than this (|p − y|) leave a kind's weights alone in that step. */
const SKIP = 1e-3;

export const DEFAULT_TRAIN: TrainOptions = { features: DEFAULT_FEATURES, epochs: 6, rate: 0.4, l2: 1e-5, minCount: 2, seed: 1 };

export interface LabelledLine {
  text: string;
  kind: string;
  lang: string;
}

export interface KindScore {
  kind: string;
  p: number;
}

/** A sparse feature vector: 32-bit feature keys (featureKey) and values. */
export interface Features {
  keys: number[];
  values: number[];
}

/** FNV-1a of a string, 32 bits: the key of a word or pair feature ("noisi", "~noisi", "never_order"). */
export function featureKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 2; // 30 bits: small integers for V8, collisions still negligible
}

/** Key of a character n-gram feature, hashed straight from the word's letters (no substring made). */
function gramKey(word: string, from: number, n: number): number {
  let h = 0x9dc5811c ^ n; // a different start than featureKey: char grams never meet word features
  for (let i = from; i < from + n; i++) {
    const c = i < 0 ? 60 /* < */ : i >= word.length ? 62 /* > */ : word.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 2;
}

const isNumberish = (t: string): boolean => /\d/.test(t) || t.length < 2;

/** Stems (+ pairs) of one word list in one language. English words a "not" takes back get "~". */
function stemFeatures(ws: readonly Word[], lang: string, res: LanguageResources, opts: FeatureOptions, out: Set<number>, grams: Set<number> | null): void {
  const spanish = lang === 'es';
  const markers = res.markers.get(lang);
  const fix = res.misspellings.get(lang);
  const negated = spanish || !opts.negation ? null : negationScopes(ws);
  let prev = '';
  let prevClause = -1;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    let text = w.text;
    if (isNumberish(text)) continue;
    if (fix) text = fix.get(text) ?? text;
    const negator = spanish ? NEGATORS_ES.has(text) : NEGATORS.has(text);
    if (!negator && (STOPWORDS.has(text) || markers?.has(text))) continue;
    const takenBack = negated !== null && (negated[i] as number) >= 0;
    const s = (takenBack ? '~' : '') + (spanish ? stemEs(text) : stem(text));
    out.add(featureKey(s));
    if (opts.bigrams && prev !== '' && prevClause === w.clause) out.add(featureKey(`${prev}_${s}`));
    prev = s;
    prevClause = w.clause;
    if (grams && !negator && text.length >= opts.charMin) {
      // n-grams of "<word>": positions -1 and word.length stand for the padding.
      for (let n = opts.charMin; n <= opts.charMax; n++) {
        for (let j = -1; j + n <= text.length + 1; j++) grams.add(gramKey(text, j, n));
      }
    }
  }
}

/**
 * What the engine may already hold for a description: its words (normalize.ts)
 * and, for Spanish, the glossary mapping it made for the word matcher
 * (translate.ts). Passing them saves doing that work twice (mapSpanish is the
 * costliest step, ~100 µs a line).
 */
export interface Prepared {
  words?: readonly Word[];
  /** The English words of a Spanish description (mapSpanish(...).words). */
  mapped?: readonly Word[];
}

/** The sparse features of a description in `lang` (values already normalised). */
export function features(text: string, lang: string, res: LanguageResources, opts: FeatureOptions = DEFAULT_FEATURES, prep: Prepared = {}): Features {
  const ws = prep.words ?? words(text);
  const main = new Set<number>();
  const grams = opts.charMax > 0 ? new Set<number>() : null;
  if (lang === 'es') {
    const useEnglish = opts.spanish !== 'es' && (prep.mapped !== undefined || res.glossary !== undefined);
    if (!useEnglish || opts.spanish === 'both') stemFeatures(ws, 'es', res, opts, main, grams);
    if (useEnglish) {
      const mapped = prep.mapped ?? mapSpanish(ws, res.glossary as SpanishGlossary, { little: res.markers.get('es') ?? new Set() }).words;
      stemFeatures(mapped, 'en', res, opts, main, opts.spanish === 'en' ? grams : null);
    }
  } else {
    stemFeatures(ws, lang, res, opts, main, grams);
  }
  const keys: number[] = [];
  const values: number[] = [];
  const push = (set: Set<number>, weight: number): void => {
    if (set.size === 0) return;
    const v = weight / Math.sqrt(set.size);
    for (const n of set) {
      keys.push(n);
      values.push(v);
    }
  };
  push(main, 1);
  if (grams) push(grams, opts.charWeight);
  return { keys, values };
}

/** Deterministic shuffle (mulberry32). */
function shuffle<T>(xs: T[], seed: number): void {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
}

/** What a trained model holds; plain data, so it can be written to JSON and read back. */
export interface ModelData {
  kinds: string[];
  /** Feature key (featureKey) of each row of `weights` (K floats each). */
  vocab: Uint32Array;
  weights: Float32Array;
  bias: Float32Array;
  features: FeatureOptions;
}

export type ParseResult = { ok: true; model: KindClassifier } | { ok: false; message: string };

export class KindClassifier {
  /** Open-addressing table: feature key → row (+1; 0 = empty slot). */
  private readonly slotKey: Int32Array;
  private readonly slotRow: Int32Array;
  private readonly mask: number;
  private readonly k: number;
  private readonly scores: Float64Array;

  constructor(readonly data: ModelData, private readonly res: LanguageResources) {
    let size = 16;
    while (size < data.vocab.length * 2) size *= 2;
    this.mask = size - 1;
    this.slotKey = new Int32Array(size);
    this.slotRow = new Int32Array(size);
    data.vocab.forEach((key, row) => {
      let i = key & this.mask;
      while (this.slotRow[i] !== 0 && this.slotKey[i] !== key) i = (i + 1) & this.mask;
      this.slotKey[i] = key;
      this.slotRow[i] = row + 1;
    });
    this.k = data.kinds.length;
    this.scores = new Float64Array(this.k);
  }

  /** Softmax scores of every kind for a feature vector, into a shared buffer. */
  private raw(f: Features): Float64Array {
    const { weights, bias } = this.data;
    const k = this.k;
    const s = this.scores;
    for (let c = 0; c < k; c++) s[c] = bias[c] as number;
    for (let i = 0; i < f.keys.length; i++) {
      const key = f.keys[i] as number;
      let slot = key & this.mask;
      let row = -1;
      for (let r = this.slotRow[slot] as number; r !== 0; r = this.slotRow[slot] as number) {
        if (this.slotKey[slot] === key) {
          row = r - 1;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (row < 0) continue;
      const v = f.values[i] as number;
      const o = row * k;
      for (let c = 0; c < k; c++) s[c] = (s[c] as number) + v * (weights[o + c] as number);
    }
    softmaxInPlace(s);
    return s;
  }

  /** P(kind | text) for every kind, best first. */
  predict(text: string, lang: string, prep?: Prepared): KindScore[] {
    const s = this.raw(features(text, lang, this.res, this.data.features, prep));
    return this.data.kinds.map((kind, i) => ({ kind, p: s[i] as number })).sort((a, b) => b.p - a.p);
  }

  /** The same as predict, as an array indexed like `kinds` (no sorting, a fresh copy). */
  probabilities(text: string, lang: string, prep?: Prepared): Float64Array {
    return Float64Array.from(this.raw(features(text, lang, this.res, this.data.features, prep)));
  }

  get kinds(): readonly string[] {
    return this.data.kinds;
  }

  /** JSON text of the model (weights rounded to 4 significant digits). */
  serialise(): string {
    const round = (a: Float32Array): number[] => Array.from(a, (x) => Number(x.toPrecision(4)));
    return JSON.stringify({ v: 1, kinds: this.data.kinds, vocab: Array.from(this.data.vocab), weights: round(this.data.weights), bias: round(this.data.bias), features: this.data.features });
  }

  /** Reads serialise()'s text back. Bad text is an answer, not a throw: the message says what is wrong. */
  static parse(text: string, res: LanguageResources): ParseResult {
    let o: { v?: unknown; kinds?: unknown; vocab?: unknown; weights?: unknown; bias?: unknown; features?: unknown };
    try {
      o = JSON.parse(text) as typeof o;
    } catch (err) {
      return { ok: false, message: `kind model: not valid JSON: ${(err as Error).message}` };
    }
    if (o === null || typeof o !== 'object' || o.v !== 1 || !Array.isArray(o.kinds) || !Array.isArray(o.vocab) || !Array.isArray(o.weights) || !Array.isArray(o.bias)) {
      return { ok: false, message: 'kind model: expected {"v": 1, "kinds", "vocab", "weights", "bias", "features"}' };
    }
    if (o.weights.length !== o.kinds.length * o.vocab.length || o.bias.length !== o.kinds.length) {
      return { ok: false, message: `kind model: weights has ${o.weights.length} numbers and bias ${o.bias.length}, expected kinds × vocab = ${o.kinds.length * o.vocab.length} and kinds = ${o.kinds.length}` };
    }
    const model = new KindClassifier({
      kinds: o.kinds as string[],
      vocab: Uint32Array.from(o.vocab as number[]),
      weights: Float32Array.from(o.weights as number[]),
      bias: Float32Array.from(o.bias as number[]),
      features: { ...DEFAULT_FEATURES, ...(o.features as Partial<FeatureOptions>) },
    }, res);
    return { ok: true, model };
  }
}

function softmaxInPlace(s: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < s.length; c++) if ((s[c] as number) > max) max = s[c] as number;
  let sum = 0;
  for (let c = 0; c < s.length; c++) {
    const e = Math.exp((s[c] as number) - max);
    s[c] = e;
    sum += e;
  }
  for (let c = 0; c < s.length; c++) s[c] = (s[c] as number) / sum;
}

/** Features of every line, with the vocabulary (features seen in at least minCount lines). */
export function featurise(lines: readonly LabelledLine[], res: LanguageResources, opts: FeatureOptions, minCount: number): { vocab: number[]; rows: Array<{ idx: Int32Array; val: Float32Array }>; counts: Map<number, number> } {
  const feats = lines.map((l) => features(l.text, l.lang, res, opts));
  const counts = new Map<number, number>();
  for (const f of feats) for (const n of f.keys) counts.set(n, (counts.get(n) ?? 0) + 1);
  const vocab: number[] = [];
  const index = new Map<number, number>();
  for (const [n, c] of counts) {
    if (c >= minCount) {
      index.set(n, vocab.length);
      vocab.push(n);
    }
  }
  const rows = feats.map((f) => {
    const idx: number[] = [];
    const val: number[] = [];
    f.keys.forEach((n, i) => {
      const j = index.get(n);
      if (j !== undefined) {
        idx.push(j);
        val.push(f.values[i] as number);
      }
    });
    return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
  });
  return { vocab, rows, counts };
}

/**
 * Trains the classifier. Kinds are taken from `kinds` (in that order) when
 * given, else from the lines; lines of other kinds are skipped.
 */
export function train(lines: readonly LabelledLine[], res: LanguageResources, options: Partial<TrainOptions> = {}, kinds?: readonly string[]): KindClassifier {
  const o: TrainOptions = { ...DEFAULT_TRAIN, ...options, features: { ...DEFAULT_TRAIN.features, ...options.features } };
  const kindList = kinds ? [...kinds] : [...new Set(lines.map((l) => l.kind))];
  const kindIndex = new Map(kindList.map((k, i) => [k, i]));
  const usable = lines.filter((l) => kindIndex.has(l.kind));
  const { vocab, rows } = featurise(usable, res, o.features, o.minCount);
  const labels = Int32Array.from(usable, (l) => kindIndex.get(l.kind) as number);
  const K = kindList.length;
  const W = new Float32Array(vocab.length * K);
  const G = new Float64Array(vocab.length);
  const b = new Float32Array(K);
  const Gb = new Float32Array(K);
  const s = new Float64Array(K);
  const order = rows.map((_, i) => i);
  const eps = 1e-6;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, o.seed + epoch);
    for (const r of order) {
      const { idx, val } = rows[r] as { idx: Int32Array; val: Float32Array };
      for (let c = 0; c < K; c++) s[c] = b[c] as number;
      for (let i = 0; i < idx.length; i++) {
        const off = (idx[i] as number) * K;
        const v = val[i] as number;
        for (let c = 0; c < K; c++) s[c] = (s[c] as number) + v * (W[off + c] as number);
      }
      softmaxInPlace(s);
      s[labels[r] as number] = (s[labels[r] as number] as number) - 1; // gradient of the log loss: p − y
      for (let c = 0; c < K; c++) {
        const g = s[c] as number;
        Gb[c] = (Gb[c] as number) + g * g;
        b[c] = (b[c] as number) - (o.rate * g) / Math.sqrt((Gb[c] as number) + eps);
      }
      // Adagrad with one accumulator per feature row (one square root per feature, not per weight);
      // kinds whose gradient is negligible are skipped (most of them, once the model has learned).
      let gsq = 0;
      for (let c = 0; c < K; c++) {
        const g = s[c] as number;
        if (g > -SKIP && g < SKIP) s[c] = 0;
        else gsq += g * g;
      }
      for (let i = 0; i < idx.length; i++) {
        const f = idx[i] as number;
        const off = f * K;
        const v = val[i] as number;
        const gf = (G[f] as number) + gsq * v * v;
        G[f] = gf;
        const step = o.rate / Math.sqrt(gf + eps);
        const decay = 1 - step * o.l2;
        for (let c = 0; c < K; c++) {
          const g = s[c] as number;
          if (g === 0) continue;
          const j = off + c;
          W[j] = (W[j] as number) * decay - step * g * v;
        }
      }
    }
  }
  return new KindClassifier({ kinds: kindList, vocab: Uint32Array.from(vocab), weights: W, bias: b, features: o.features }, res);
}
