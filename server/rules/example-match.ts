/**
 * Matching against labelled examples: the rules file's example files, learned
 * corrections (an ExampleBook), and the shipped corpus lines a rule inherits
 * through its kind (corpus-inherit.ts). A description's nearest examples vote
 * for their rules, weighed by similarity and by source (a correction or a file
 * example counts more than a corpus line); the vote becomes evidence the ranking
 * adds to the rule's word score. No neighbour close enough: no evidence, and the
 * word matcher decides alone (the fallback stays possible).
 */
import type { Word } from './normalize.ts';
import type { RuleDef } from './schema.ts';
import type { KindDef, LearnData } from './learn-data.ts';
import { KindProfiles } from './kind-profiles.ts';
import { ExampleIndex } from './example-index.ts';
import { exampleFeatures, type FeatureOptions } from './example-features.ts';
import { detectLanguage, languageModel, type LanguageModel } from './language.ts';
import { words } from './normalize.ts';
import { inheritKinds, rulePieces, type Inheritance } from './corpus-inherit.ts';
import type { ExampleBook, ExampleSource, LearnedExample } from './example-book.ts';
import type { TermMatch } from './align.ts';
import type { Term } from './term-index.ts';
import { DEFAULT_FEATURES, train, type KindClassifier } from './kind-classifier.ts';
import { kindClassifierFor, languageResources } from './kind-model.ts';

export interface ExampleTuning {
  /** Neighbours that vote among file examples and corrections. */
  k: number;
  /** Below this cosine an example is not close at all. */
  minSim: number;
  /** Source weights of examples. */
  weightFile: number;
  weightCorrection: number;
  /** Evidence of 1 (every neighbour agrees, a perfect match) adds this to the rule's score. */
  scale: number;
  /** What a description as close to a kind's profile as a perfect match adds to each rule inheriting the kind. */
  kindScale: number;
  /** Below this cosine with a kind's profile the kind says nothing. */
  kindMinSim: number;
  features: FeatureOptions;
  /** Inheritance: the best kind must score this many times the next. */
  inheritRatio: number;
  /** How evenly a kind's line is shared among its rules when it is close to none of their words. */
  affinityFloor: number;
  /** A rule's own words matched this well (text score) is a strong match: examples then count only strongFactor as much. */
  strongWords: number;
  strongFactor: number;
  /** Evidence below this (after scaling), or below minShare of the best rule's, is dropped: a faint vote must not make a rule match. */
  minEvidence: number;
  minShare: number;
  /** Rules inheriting the same kind get at least this share of the best sibling's evidence (conditions and words then decide). */
  siblingShare: number;
  /** The corpus speaks only when the closest kind-rule profile is this many times closer than the next of another kind (flat = no idea). */
  kindMargin: number;
  /** Rule profiles from labelled examples: scale and threshold (0 = off). */
  profileScale: number;
  profileMinSim: number;
  /** Where a description's kind comes from: the kinds' profiles (cosine) or the kind classifier (P(kind | description)). */
  kindSource: 'profiles' | 'classifier' | 'both';
  /** Classifier: what P = 1 adds to the rules of the kind, and below which P a kind says nothing. */
  clfScale: number;
  clfMinP: number;
  /** How a rule's own text finds its kind: the profiles' votes, the classifier's P per piece, or both added. */
  inheritBy: 'profiles' | 'classifier' | 'both';
  /** A classifier over this file's RULES, trained on their labelled examples and mentions: what P = 1 adds, below which P it says nothing (scale 0 = off). */
  ruleClfScale: number;
  ruleClfMinP: number;
  /** Retrain it once the examples grew by this share since the last training (corrections arrive one by one). */
  ruleClfRetrain: number;
  /** More labelled rules than this: no rule classifier (its weights grow with rules × features). */
  ruleClfMaxRules: number;
  /** How the rule classifier reads Spanish: glossary-mapped English ('en'), Spanish stems ('es'), or both. */
  ruleClfSpanish: 'en' | 'es' | 'both';
  /** Rule classifier before any example: off, trained on every rule's own text, or also on the corpus lines of kinds only one rule inherited. */
  ruleClfAll: 'off' | 'mentions' | 'corpus';
  /** With ruleClfAll: up to this many corpus lines of each kind no rule inherited train a "no rule" class. */
  ruleClfBackground: number;
  /** The rule classifier speaks for a rule only above this many times chance (1 / its rules). */
  ruleClfChance: number;
}

/** Chosen by measurement on the eval dev sets, corpus cross-validation and the starter cases (notes in learn-log.md). */
export const DEFAULT_TUNING: ExampleTuning = {
  k: 10,
  minSim: 0.4,
  weightFile: 1,
  weightCorrection: 1.5,
  scale: 10,
  kindScale: 10,
  kindMinSim: 0.03,
  features: { bigrams: true, negation: true },
  inheritRatio: 1,
  affinityFloor: 0.1,
  strongWords: 1,
  strongFactor: 0.3,
  minEvidence: 0.2,
  minShare: 0.3,
  siblingShare: 0,
  kindMargin: 1,
  profileScale: 5,
  profileMinSim: 0.1,
  kindSource: 'both',
  clfScale: 2,
  clfMinP: 0.1,
  inheritBy: 'profiles',
  ruleClfScale: 6,
  ruleClfMinP: 0.1,
  ruleClfRetrain: 0.1,
  ruleClfMaxRules: 100,
  ruleClfSpanish: 'en',
  ruleClfAll: 'mentions',
  ruleClfBackground: 0,
  ruleClfChance: 2,
};

/** A labelled example in the index. */
interface Entry {
  rule: number;
  text: string;
  lang: string;
  weight: number;
  source: ExampleSource;
}

export interface ExampleEvidence {
  /** Added to the rule's text score. */
  score: number;
  /** The closest example that voted for the rule (for a corpus kind: the kind's label). */
  best: { text: string; similarity: number; source: ExampleSource };
}

export interface FileExample {
  text: string;
  rule_id: string;
  file: string;
  line: number;
}

export interface LearnSetup {
  data?: LearnData;
  examples?: readonly FileExample[];
  book?: ExampleBook;
  tuning?: Partial<ExampleTuning>;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** The label of examples staff marked "fallback": no rule fits such a description. */
const NO_RULE = -1;

/**
 * Rules that are one failure under different conditions ("parts not ordered" and
 * "parts not ordered, car kept overnight"): at least two phrases and half of the
 * smaller phrase list are shared. Evidence for one is evidence for the other; their conditions
 * and priorities decide, as they do for words.
 */
function twinRules(rules: readonly RuleDef[]): number[][] {
  const keys = rules.map((r) => new Set((r.when.mentions ?? []).map((x) => words(x).map((w) => w.text).join(' '))));
  const byPhrase = new Map<string, number[]>();
  keys.forEach((set, i) => {
    for (const m of set) {
      const list = byPhrase.get(m);
      if (list) list.push(i);
      else byPhrase.set(m, [i]);
    }
  });
  return keys.map((set, i) => {
    const shared = new Map<number, number>();
    for (const m of set) for (const j of byPhrase.get(m) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    return [...shared].filter(([j, n]) => n >= 2 && n >= 0.5 * Math.min(set.size, (keys[j] as Set<string>).size)).map(([j]) => j);
  });
}

export class ExampleMatcher {
  readonly tuning: ExampleTuning;
  readonly model: LanguageModel | null;
  /** Per rule: the corpus kind it inherited, or why none. */
  readonly inherited: Inheritance[];
  private readonly index = new ExampleIndex();
  private readonly entries: Entry[] = [];
  private readonly kindProfiles: KindProfiles | null;
  /** Per rule, from the lines of its kind closest to its own words (only rules sharing their kind). */
  private readonly specific: KindProfiles | null;
  /** Per rule: index of the inherited kind, or -1. */
  private readonly kindOf: number[];
  private readonly kinds: KindDef[];
  private readonly kindRules: number[][];
  private readonly ruleOf: Map<string, number>;
  /** Per rule: the other rules with one of its phrases, i.e. the same failure under other conditions. */
  private readonly twins: number[][];
  private bookSeen = 0;
  private readonly exampleFeats: string[][] = [];
  /** One profile per rule from its labelled examples (all of them add up, like a kind's lines). */
  private exampleProfiles: KindProfiles | null = null;
  private readonly ruleCount: number;
  private readonly firstExample = new Map<number, number>();
  /** P(kind | description), trained on the corpus (kind-model.ts); null when the tuning does not use it. */
  private readonly classifier: KindClassifier | null;
  /** P(rule | description) from the labelled examples; trained lazily, again when they grew enough. */
  private ruleClf: { model: KindClassifier; trainedOn: number } | null = null;
  private readonly rules: readonly RuleDef[];

  constructor(
    rules: readonly RuleDef[],
    private readonly language: string,
    private readonly setup: LearnSetup,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...setup.tuning, features: { ...DEFAULT_TUNING.features, ...setup.tuning?.features } };
    const data = setup.data;
    this.model = data ? languageModel(data) : null;
    this.rules = rules;
    this.ruleOf = new Map(rules.map((r, i) => [r.id, i]));
    this.ruleCount = rules.length;
    this.kinds = data?.kinds ?? [];
    const kindNo = new Map(this.kinds.map((k, i) => [k.id, i]));
    const lines: Array<{ kind: number; features: string[] }> = [];
    for (const line of data?.lines ?? []) {
      const k = kindNo.get(line.kind);
      if (k !== undefined) lines.push({ kind: k, features: this.features(words(line.text), line.lang) });
    }
    const kindProfiles = lines.length > 0 ? new KindProfiles(this.kinds.length, lines) : null;
    const t = this.tuning;
    this.classifier = data && (t.kindSource !== 'profiles' || t.inheritBy !== 'profiles') ? kindClassifierFor(data) : null;
    const clf = this.classifier;
    this.inherited = inheritKinds(rules, this.kinds.map((k) => k.id), language, {
      features: (text, lang) => this.pieceFeatures(text, lang),
      neighbours: (f) => (kindProfiles && t.inheritBy !== 'classifier' ? kindProfiles.score(f).slice(0, 3) : []),
      ...(clf && t.inheritBy !== 'profiles' ? { classify: (text: string, lang: string) => clf.probabilities(text, lang) } : {}),
      ratio: this.tuning.inheritRatio,
    });
    this.kindRules = this.kinds.map(() => []);
    this.inherited.forEach((inh, r) => {
      if (inh.kind !== null) this.kindRules[kindNo.get(inh.kind) as number]?.push(r);
    });
    this.kindProfiles = kindProfiles;
    this.specific = kindProfiles ? this.ruleProfiles(rules, lines) : null;
    this.kindOf = this.inherited.map((inh) => (inh.kind === null ? -1 : (kindNo.get(inh.kind) as number)));
    this.twins = twinRules(rules);
    for (const ex of setup.examples ?? []) {
      const r = ex.rule_id === 'fallback' ? NO_RULE : this.ruleOf.get(ex.rule_id);
      if (r !== undefined) this.addRuleExample(r, ex.text, { type: 'file', file: ex.file, line: ex.line }, this.tuning.weightFile);
    }
  }

  /** A manager's "room not clean" names the failure: nothing in it is taken back. */
  private pieceFeatures(text: string, lang: string): string[] {
    return exampleFeatures(words(text), lang, this.model, { ...this.tuning.features, negation: false });
  }

  /**
   * When several rules inherit one kind, each also gets a profile of the kind's
   * lines closest to its own words ("can't get online" leans to the wifi rule,
   * not the AC rule of the same kind), weighed by that closeness. A line close to
   * none of them adds to none: the kind's own profile covers it for all.
   */
  private ruleProfiles(rules: readonly RuleDef[], lines: ReadonlyArray<{ kind: number; features: string[] }>): KindProfiles {
    const lineIndex = new ExampleIndex();
    for (const l of lines) lineIndex.add(l.features);
    const out: Array<{ kind: number; features: string[]; mass: number }> = [];
    this.kindRules.forEach((siblings, k) => {
      if (siblings.length < 2) return;
      for (const r of siblings) {
        const aff = new Map<number, number>();
        for (const p of rulePieces(rules[r] as RuleDef, this.language)) {
          for (const n of lineIndex.query(this.pieceFeatures(p.text, p.lang), 50, 0.05)) {
            if ((lines[n.id] as { kind: number }).kind === k) aff.set(n.id, Math.max(aff.get(n.id) ?? 0, n.sim));
          }
        }
        for (const [id, a] of aff) out.push({ kind: r, features: (lines[id] as { features: string[] }).features, mass: a });
      }
    });
    return new KindProfiles(rules.length, out);
  }

  private features(ws: readonly Word[], lang: string): string[] {
    return exampleFeatures(ws, lang, this.model, this.tuning.features);
  }

  private addRuleExample(rule: number, text: string, source: ExampleSource, weight: number): void {
    const ws = words(text);
    const lang = this.detect(ws, text);
    this.index.add(this.features(ws, lang));
    this.entries.push({ rule, text, lang, weight, source });
    if (!this.firstExample.has(rule)) this.firstExample.set(rule, this.entries.length - 1);
    this.exampleFeats.push(this.index.featuresOf(this.entries.length - 1));
    this.exampleProfiles = null; // rebuilt at the next request
  }

  /** The description's language (the rules file's when nothing says otherwise). */
  detect(ws: readonly Word[], raw: string): string {
    return this.model ? detectLanguage(ws, raw, this.model, this.language) : this.language;
  }

  /** Catch up with corrections learned since the last request. */
  private sync(): void {
    const book = this.setup.book;
    if (!book || book.size === this.bookSeen) return;
    for (const ex of book.since(this.bookSeen) as LearnedExample[]) {
      const r = ex.rule_id === 'fallback' ? NO_RULE : this.ruleOf.get(ex.rule_id);
      if (r === undefined) continue; // a rule this file does not have
      this.addRuleExample(r, ex.text, ex.source, ex.source.type === 'correction' ? this.tuning.weightCorrection : this.tuning.weightFile);
    }
    this.bookSeen = book.size;
  }

  /** Labelled examples held (file examples and corrections; not yet caught-up corrections too), plus corpus lines. */
  get size(): number {
    return this.entries.length + (this.setup.book?.size ?? 0) - this.bookSeen + (this.setup.data?.lines.length ?? 0);
  }

  /**
   * The corpus part: how close the description is to each kind, given to the
   * rules inheriting it. Among rules sharing a kind, the one whose own lines are
   * closest gets it all and the others a share; only those, the rules the words
   * already matched and the first of the kind are scored, so a kind shared by a
   * thousand rules costs no more than one.
   */
  private kindEvidence(feats: readonly string[], lang: string, worded: ReadonlySet<number>, out: Map<number, ExampleEvidence>, keep: number, kindP: Float64Array | null, spec: ReadonlyMap<number, number>): void {
    const t = this.tuning;
    let kinds: Array<{ kind: number; sim: number }>;
    let minSim = t.kindMinSim;
    let scale = t.kindScale;
    if (kindP) {
      kinds = [];
      kindP.forEach((p, k) => {
        if (p >= t.clfMinP && (this.kindRules[k] as number[]).length > 0) kinds.push({ kind: k, sim: p });
      });
      kinds.sort((a, b) => b.sim - a.sim);
      minSim = t.clfMinP;
      scale = t.clfScale;
    } else kinds = (this.kindProfiles as KindProfiles).score(feats).filter((x) => (this.kindRules[x.kind] as number[]).length > 0);
    const top = kinds[0]?.sim ?? 0;
    if (top < minSim || top < t.kindMargin * (kinds[1]?.sim ?? 0)) return;
    for (const { kind, sim } of kinds) {
      if (sim < minSim) break;
      const base = keep * scale * sim * (sim / top);
      const siblings = this.kindRules[kind] as number[];
      const def = this.kinds[kind] as KindDef;
      const give = (r: number, add: number): void => {
        const ev = out.get(r);
        if (ev) ev.score += add;
        else out.set(r, { score: add, best: { text: def.label[lang] ?? def.label.en ?? def.id, similarity: round(sim), source: { type: 'corpus', kind: def.id } } });
      };
      if (siblings.length === 1) {
        give(siblings[0] as number, base);
        continue;
      }
      let best = 0;
      const chosen = new Set<number>([siblings[0] as number]);
      for (const [r, s] of spec) {
        if (this.kindOf[r] !== kind) continue;
        chosen.add(r);
        best = Math.max(best, s);
      }
      for (const r of worded) if (this.kindOf[r] === kind) chosen.add(r);
      const floor = t.affinityFloor;
      for (const r of chosen) give(r, (base * (floor + (spec.get(r) ?? 0))) / (floor + best));
    }
  }

  /** Evidence per rule index: nearest file examples and corrections, and the kinds the description is close to. */
  match(ws: readonly Word[], lang: string, worded: ReadonlySet<number> = new Set(), mapped?: readonly Word[]): Map<number, ExampleEvidence> {
    this.sync();
    const out = new Map<number, ExampleEvidence>();
    const t = this.tuning;
    const feats = this.features(ws, lang);
    if (t.profileScale > 0 && this.entries.length > 0) {
      this.exampleProfiles ??= new KindProfiles(
        this.ruleCount,
        this.entries.flatMap((e, i) => (e.rule >= 0 ? [{ kind: e.rule, features: this.exampleFeats[i] as string[], mass: e.weight }] : [])),
      );
      const scored = this.exampleProfiles.score(feats, 0.5);
      const top = scored[0]?.sim ?? 0;
      for (const { kind: r, sim } of scored) {
        if (sim < t.profileMinSim) break;
        const e = this.entries[this.firstExample.get(r) as number] as Entry;
        out.set(r, { score: t.profileScale * sim * (sim / top), best: { text: e.text, similarity: round(sim), source: e.source } });
      }
    }
    const ruleP = this.ruleClassifier();
    if (ruleP) {
      const p = ruleP.probabilities('', lang, { words: ws, ...(mapped ? { mapped } : {}) });
      // Softmax over a few rules always crowns one: it must beat chance by ruleClfChance to speak.
      const minP = Math.max(t.ruleClfMinP, t.ruleClfChance / ruleP.kinds.length);
      ruleP.kinds.forEach((id, i) => {
        const r = Number(id);
        const pr = p[i] as number;
        if (r < 0 || pr < minP) return;
        const add = t.ruleClfScale * pr;
        const ev = out.get(r);
        if (ev) ev.score += add;
        else {
          const first = this.firstExample.get(r);
          const e = first === undefined ? undefined : (this.entries[first] as Entry);
          const kind = this.inherited[r]?.kind ?? null;
          if (e) out.set(r, { score: add, best: { text: e.text, similarity: round(pr), source: e.source } });
          else if (kind !== null) out.set(r, { score: add, best: { text: kind, similarity: round(pr), source: { type: 'corpus', kind } } });
        }
      });
    }
    const near = this.index.query(feats, t.k, t.minSim);
    // Close examples staff marked "fallback" say no rule fits: they take their share from every rule.
    let keep = 1;
    if (near.length > 0) {
      const vote = new Map<number, number>();
      let total = 0;
      let none = 0;
      const knn = new Set<number>();
      for (const n of near) {
        const e = this.entries[n.id] as Entry;
        const v = n.sim * e.weight;
        total += v;
        if (e.rule === NO_RULE) {
          none += v;
          continue;
        }
        vote.set(e.rule, (vote.get(e.rule) ?? 0) + v);
        const had = out.get(e.rule);
        if (!had || !knn.has(e.rule)) {
          knn.add(e.rule);
          out.set(e.rule, { score: had?.score ?? 0, best: { text: e.text, similarity: round(n.sim), source: e.source } });
        }
      }
      for (const r of knn) {
        const ev = out.get(r) as ExampleEvidence;
        ev.score += t.scale * ((vote.get(r) as number) / total) * ev.best.similarity;
      }
      const first = near[0] as { id: number; sim: number };
      keep = Math.min(1 - none / total, (this.entries[first.id] as Entry).rule === NO_RULE ? 1 - first.sim : 1);
      for (const ev of out.values()) ev.score *= keep;
    }
    if (this.kindProfiles && keep > 0) {
      const kindP = this.classifier && t.kindSource !== 'profiles' ? this.classifier.probabilities('', lang, { words: ws, ...(mapped ? { mapped } : {}) }) : null;
      // Rule profiles within a kind: scored once, used by both kind sources.
      const spec = new Map<number, number>();
      for (const x of this.specific?.score(feats, 0.3) ?? []) spec.set(x.kind, x.sim);
      if (t.kindSource !== 'classifier') this.kindEvidence(feats, lang, worded, out, keep, null, spec);
      if (kindP) this.kindEvidence(feats, lang, worded, out, keep, kindP, spec);
    }
    if (t.siblingShare > 0) {
      for (const siblings of this.kindRules) {
        let best: ExampleEvidence | undefined;
        for (const r of siblings) {
          const ev = out.get(r);
          if (ev && (!best || ev.score > best.score)) best = ev;
        }
        if (!best) continue;
        for (const r of siblings) {
          const ev = out.get(r);
          const floor = t.siblingShare * best.score;
          if (!ev) out.set(r, { score: floor, best: best.best });
          else if (ev.score < floor) ev.score = floor;
        }
      }
    }
    // Twins hear what either hears.
    for (const [r, ev] of [...out]) {
      for (const j of this.twins[r] as number[]) {
        const other = out.get(j);
        if (!other) out.set(j, { ...ev });
        else if (other.score < ev.score) out.set(j, { ...ev });
      }
    }
    let top = 0;
    for (const ev of out.values()) top = Math.max(top, ev.score);
    for (const [r, ev] of out) {
      if (ev.score < t.minEvidence || ev.score < t.minShare * top) out.delete(r);
      else ev.score = round(ev.score);
    }
    return out;
  }

  /**
   * The rule classifier, (re)trained when the examples grew by ruleClfRetrain
   * since the last training: each example is a line of its rule (or of "no
   * rule"), and each mention, label, description and id of a rule (of every
   * rule with ruleClfAll, else of those with examples) a short line of it.
   */
  private ruleClassifier(): KindClassifier | null {
    const t = this.tuning;
    const data = this.setup.data;
    const all = t.ruleClfAll !== 'off' && this.ruleCount <= t.ruleClfMaxRules;
    if (t.ruleClfScale <= 0 || !data || (this.entries.length === 0 && !all)) return null;
    const seen = this.ruleClf?.trainedOn ?? -1;
    if (this.ruleClf && (this.entries.length === seen || this.entries.length < seen * (1 + t.ruleClfRetrain))) return this.ruleClf.model;
    if (!all && (this.firstExample.size < 2 || this.firstExample.size > t.ruleClfMaxRules)) return null;
    const lines: Array<{ text: string; kind: string; lang: string }> = this.entries.map((e) => ({ text: e.text, kind: String(e.rule), lang: e.lang }));
    const taught = all ? this.rules.map((_, i) => i) : [...this.firstExample.keys()];
    for (const r of taught) {
      if (r < 0) continue;
      for (const p of rulePieces(this.rules[r] as RuleDef, this.language)) lines.push({ text: p.text, kind: String(r), lang: p.lang });
    }
    if (all && t.ruleClfBackground > 0) {
      // "No rule of this file": corpus lines of the kinds no rule inherited, so a description of another failure is not pushed onto some rule.
      const taken = new Map<string, number>();
      const open = new Set(this.kinds.filter((_, k) => (this.kindRules[k] as number[]).length === 0).map((k) => k.id));
      for (const l of data.lines) {
        const n = taken.get(l.kind) ?? 0;
        if (!open.has(l.kind) || n >= t.ruleClfBackground) continue;
        taken.set(l.kind, n + 1);
        lines.push({ text: l.text, kind: String(NO_RULE), lang: l.lang });
      }
    }
    if (t.ruleClfAll === 'corpus' && all) {
      const only = new Map<string, number>();
      this.kindRules.forEach((rs, k) => {
        if (rs.length === 1) only.set((this.kinds[k] as KindDef).id, rs[0] as number);
      });
      for (const l of data.lines) {
        const r = only.get(l.kind);
        if (r !== undefined) lines.push({ text: l.text, kind: String(r), lang: l.lang });
      }
    }
    this.ruleClf = { model: train(lines, languageResources(data), { minCount: 1, features: { ...DEFAULT_FEATURES, spanish: t.ruleClfSpanish } }), trainedOn: this.entries.length };
    return this.ruleClf.model;
  }
}

/** The phrase name example evidence goes by in the ranking (never a manager's phrase: those have words). */
export const EXAMPLES_PHRASE = 'similar examples';

/** True for the match addExampleMatches made. */
export const isExampleMatch = (m: TermMatch): boolean => m.term.words.length === 0;

/**
 * Example evidence joins the rule's phrase matches as one more match with no
 * typed words, so the ranking adds it to the word score and applies priority
 * and conditions exactly as for words.
 */
export function addExampleMatches(byRule: Map<number, TermMatch[]>, evidence: ReadonlyMap<number, ExampleEvidence>, tuning: ExampleTuning): void {
  // A clear word match is the manager's own words: examples then only settle near-ties.
  let strongest = 0;
  for (const list of byRule.values()) {
    let text = 0;
    for (const m of list) text += m.score;
    if (text > strongest) strongest = text;
  }
  const factor = strongest >= tuning.strongWords ? tuning.strongFactor : 1;
  for (const [rule, ev] of evidence) {
    ev.score = Math.round(ev.score * factor * 1000) / 1000;
    if (ev.score <= 0 || ev.score < tuning.minEvidence) continue;
    const term: Term = { id: 0x40000000 + rule, rule, phrase: EXAMPLES_PHRASE, words: [], need: 0, hasNegator: false };
    const m: TermMatch = { term, tokens: [], hows: [], skipped: 0, swapped: false, score: ev.score };
    const list = byRule.get(rule);
    if (list) list.push(m);
    else byRule.set(rule, [m]);
  }
}
