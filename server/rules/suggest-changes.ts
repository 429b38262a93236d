/**
 * What staff corrections say should change in the rules file, for managers
 * (`makegood rules suggest`, the console's Suggestions view). Pure: corrections,
 * the rules and a way to ask where the rules send a text now, in; numbered
 * suggestions, each with the edit that applies it (rules-edit.ts), out.
 *
 * 1. add-words: words and two-word phrases that corrections to one rule keep containing
 *    ("'blaring' → noise, 4 corrections, 3 locations"): in at least `min` corrections to that
 *    rule, mostly to that rule (share ≥ 0.75 of the corrections holding it), not already one
 *    of its words, and not one of another rule's words (that would only move the conflict).
 * 2. corrected-away: rules staff keep correcting away from, with the rule they chose instead,
 *    and the rule's own word that made it win when one did (applying removes that word).
 * 3. drifted: labelled examples (corrections, example-file lines, each with its context) the
 *    current rules send to a different rule than the one they were labelled with. Applying one
 *    adds a word corrections agree on (an add-words suggestion the text holds); one text alone
 *    is not enough to pick a word, so otherwise it only informs.
 */
import type { EntryOf } from '../contract/log-entry.ts';
import type { RecommendContext } from '../contract/recommendation.ts';
import type { RuleEdit, RuleSuggestion } from '../contract/rule-suggestions.ts';
import type { RuleDef } from './schema.ts';
import { phraseWords, words } from './normalize.ts';
import { stem } from './stem.ts';
import { STOPWORDS } from './stopwords.ts';

/** One correction as the suggestions read it. */
export interface CorrectionFact {
  text: string;
  /** The rule the engine chose (null: the fallback). */
  engine_rule: string | null;
  /** The rule staff chose. */
  rule_id: string;
  location: string;
  /** "correction by Ana, 2026-11-30". */
  from: string;
  /** The engine rule's own words that matched the text, as the first answer explained it. */
  matched: string[];
  /** The context logged with the request (wait, amount paid, tier…): rules may depend on it. */
  context?: RecommendContext;
}

/** A line of an example file the rules file names, for the drift check. */
export interface LabelledExample {
  text: string;
  rule_id: string;
  /** "example from examples/cases.jsonl:12". */
  from: string;
  /** The line's context (wait, tier, location, paid…), as a case gives it. */
  context?: RecommendContext;
  previous_recoveries?: number;
}

export interface SuggestInput {
  corrections: readonly CorrectionFact[];
  rules: readonly RuleDef[];
  /** Where the current rules send a text with its context (null: the fallback). */
  ruleFor(text: string, context: RecommendContext, previous?: number): string | null;
  examples?: readonly LabelledExample[];
  /** Corrections a word or a rule pair needs before it is suggested (default 2). */
  min?: number;
}

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'none', 'nor', 'without']);
const MAX_WORDS_PER_RULE = 5;
const SHARE = 0.75;

/** The latest correction of each recommendation (a second correction replaces the first), oldest first. */
export function correctionFacts(pairs: Iterable<{ correction: EntryOf<'correction'>; recommendation?: EntryOf<'recommendation'> | undefined }>): CorrectionFact[] {
  const latest = new Map<string, CorrectionFact>();
  for (const { correction: c, recommendation: r } of pairs) {
    latest.delete(c.ref);
    latest.set(c.ref, {
      text: c.description,
      engine_rule: c.engine_rule,
      rule_id: c.rule_id,
      location: c.location,
      from: `correction by ${c.actor.name}, ${c.at.slice(0, 10)}`,
      matched: (r?.explanation?.matched ?? []).map((m) => m.term),
      context: { ...(r?.context ?? {}), location: c.location },
    });
  }
  return [...latest.values()];
}

/** A text's content words and adjacent pairs, keyed by stems; the value is the surface form. */
function grams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const ws = words(text);
  const content = (w: string) => w.length >= 3 && !/\d/.test(w) && !STOPWORDS.has(w) && !NEGATORS.has(w);
  ws.forEach((w, i) => {
    if (!content(w.text)) return;
    out.set(stem(w.text), w.text);
    const next = ws[i + 1];
    if (next && next.clause === w.clause && content(next.text)) out.set(`${stem(w.text)} ${stem(next.text)}`, `${w.text} ${next.text}`);
  });
  return out;
}

const stemsOf = (phrase: string): string => phraseWords(phrase).map(stem).join(' ');

/** Every rule's words by stems, to know what a rule already hears. */
function ruleWords(rules: readonly RuleDef[]): Map<string, Set<string>> {
  return new Map(rules.map((r) => [r.id, new Set((r.when.mentions ?? []).map(stemsOf))]));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function addWords(input: SuggestInput, min: number, known: Map<string, Set<string>>): RuleSuggestion[] {
  // gram → rule → { corrections, locations, surface forms, texts }
  const seen = new Map<string, Map<string, { n: number; locs: Set<string>; surface: Map<string, number>; texts: string[] }>>();
  // Every word of each rule's phrases: a word of another rule's phrase would only move a conflict.
  const wordsOf = new Map(input.rules.map((r) => [r.id, new Set((r.when.mentions ?? []).flatMap(phraseWords).map(stem))]));
  const total = new Map<string, number>();
  for (const c of input.corrections) {
    for (const [g, surface] of grams(c.text)) {
      total.set(g, (total.get(g) ?? 0) + 1);
      let byRule = seen.get(g);
      if (!byRule) seen.set(g, (byRule = new Map()));
      let s = byRule.get(c.rule_id);
      if (!s) byRule.set(c.rule_id, (s = { n: 0, locs: new Set(), surface: new Map(), texts: [] }));
      s.n++;
      s.locs.add(c.location);
      s.surface.set(surface, (s.surface.get(surface) ?? 0) + 1);
      if (s.texts.length < 3) s.texts.push(c.text);
    }
  }
  const candidates: Array<{ rule: string; gram: string; phrase: string; n: number; locs: number; texts: string[] }> = [];
  for (const [g, byRule] of seen) {
    for (const [rule, s] of byRule) {
      if (s.n < min || s.n / (total.get(g) as number) < SHARE) continue;
      if (!known.has(rule) || known.get(rule)?.has(g)) continue;
      if ([...known].some(([other, ws]) => other !== rule && ws.has(g))) continue;
      if ([...wordsOf].some(([other, ws]) => other !== rule && g.split(' ').every((w) => ws.has(w)))) continue;
      const phrase = [...s.surface].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
      candidates.push({ rule, gram: g, phrase, n: s.n, locs: s.locs.size, texts: s.texts });
    }
  }
  // A pair is worth listing only when its words are not suggested alone as often.
  const single = new Map(candidates.filter((c) => !c.gram.includes(' ')).map((c) => [`${c.rule}\0${c.gram}`, c.n]));
  const kept = candidates.filter((c) => !c.gram.includes(' ') || c.gram.split(' ').every((w) => (single.get(`${c.rule}\0${w}`) ?? 0) < c.n));
  kept.sort((a, b) => b.n - a.n || b.locs - a.locs || a.rule.localeCompare(b.rule) || a.phrase.localeCompare(b.phrase));
  const perRule = new Map<string, number>();
  const out: RuleSuggestion[] = [];
  for (const c of kept) {
    const k = perRule.get(c.rule) ?? 0;
    if (k >= MAX_WORDS_PER_RULE) continue;
    perRule.set(c.rule, k + 1);
    out.push({
      n: 0,
      kind: 'add-words',
      rule_id: c.rule,
      phrase: c.phrase,
      corrections: c.n,
      locations: c.locs,
      summary: `'${c.phrase}' → ${c.rule}, ${plural(c.n, 'correction')}, ${plural(c.locs, 'location')}`,
      examples: c.texts,
      edit: { op: 'add-mention', rule_id: c.rule, phrase: c.phrase },
    });
  }
  return out;
}

function correctedAway(input: SuggestInput, min: number, rules: readonly RuleDef[]): RuleSuggestion[] {
  const pairs = new Map<string, { from: string; to: string; n: number; locs: Set<string>; blame: Map<string, number>; texts: string[] }>();
  for (const c of input.corrections) {
    if (c.engine_rule === null || c.engine_rule === c.rule_id) continue;
    const key = `${c.engine_rule}\0${c.rule_id}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { from: c.engine_rule, to: c.rule_id, n: 0, locs: new Set(), blame: new Map(), texts: [] }));
    p.n++;
    p.locs.add(c.location);
    for (const m of new Set(c.matched)) p.blame.set(m, (p.blame.get(m) ?? 0) + 1);
    if (p.texts.length < 3) p.texts.push(c.text);
  }
  const out: RuleSuggestion[] = [];
  for (const p of [...pairs.values()].sort((a, b) => b.n - a.n || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))) {
    if (p.n < min) continue;
    const rule = rules.find((r) => r.id === p.from);
    const mentions = rule?.when.mentions ?? [];
    // The word to blame: matched in most of these corrections and still one of the rule's words.
    const top = [...p.blame].filter(([w]) => mentions.includes(w)).sort((a, b) => b[1] - a[1])[0];
    const blamed = top && top[1] * 2 > p.n ? top[0] : undefined;
    const edit: RuleEdit | undefined = blamed && mentions.length > 1 ? { op: 'remove-mention', rule_id: p.from, phrase: blamed } : undefined;
    out.push({
      n: 0,
      kind: 'corrected-away',
      rule_id: p.from,
      to_rule: p.to,
      corrections: p.n,
      locations: p.locs.size,
      ...(blamed ? { blamed } : {}),
      summary: `${p.from} corrected to ${p.to}: ${plural(p.n, 'correction')}, ${plural(p.locs.size, 'location')}${blamed ? `; its word '${blamed}' matched` : ''}`,
      examples: p.texts,
      ...(edit ? { edit } : {}),
    });
  }
  return out;
}

function drifted(input: SuggestInput, rules: readonly RuleDef[], words: readonly RuleSuggestion[]): RuleSuggestion[] {
  const out: RuleSuggestion[] = [];
  const labelled: LabelledExample[] = [
    ...input.corrections.map((c) => ({ text: c.text, rule_id: c.rule_id, from: c.from, context: c.context ?? { location: c.location } })),
    ...(input.examples ?? []),
  ];
  for (const ex of labelled) {
    const gone = !rules.some((r) => r.id === ex.rule_id);
    const now = input.ruleFor(ex.text, ex.context ?? {}, ex.previous_recoveries);
    if (!gone && now === ex.rule_id) continue;
    // Applying gives the labelled rule a word corrections agree on (an add-words suggestion) that
    // this text holds; a single text is not enough to pick a word from, so otherwise it only informs.
    const mine = grams(ex.text);
    const word = gone
      ? undefined
      : words.find((s) => s.kind === 'add-words' && s.rule_id === ex.rule_id && [...mine.values()].includes(s.phrase))?.edit;
    out.push({
      n: 0,
      kind: 'drifted',
      text: ex.text,
      rule_id: ex.rule_id,
      now,
      from: ex.from,
      rule_gone: gone,
      summary: gone
        ? `'${ex.text}' was labelled ${ex.rule_id}, which is no longer in the rules (${ex.from})`
        : `'${ex.text}' was labelled ${ex.rule_id}, now goes to ${now ?? 'the fallback'} (${ex.from})`,
      examples: [ex.text],
      ...(word ? { edit: word } : {}),
    });
  }
  return out;
}

export function suggestChanges(input: SuggestInput): RuleSuggestion[] {
  const min = Math.max(1, input.min ?? 2);
  const known = ruleWords(input.rules);
  const words = addWords(input, min, known);
  const all = [...words, ...correctedAway(input, min, input.rules), ...drifted(input, input.rules, words)];
  return all.map((s, i) => ({ ...s, n: i + 1 }));
}
