/**
 * Which corpus kind a rule's words belong to. Each of the rule's phrases, its
 * label, description and id asks the corpus for its nearest lines; their kinds
 * vote (each piece of text shares out one vote by similarity). A rule inherits
 * the winning kind only when it is clearly ahead of the next one; otherwise
 * none, and the explanation says so. learn_from_corpus: false opts out.
 */
import type { RuleDef } from './schema.ts';
import { mentionsByLanguage } from './schema.ts';

export interface Inheritance {
  kind: string | null;
  /** "kind noise (4.2; next room-broken 0.9)", or why none. */
  why: string;
}

export interface InheritTools {
  features(text: string, lang: string): string[];
  neighbours(features: string[]): Array<{ kind: number; sim: number }>;
  /** P(kind | piece) from the kind classifier, indexed like the kinds; when given, each piece's probabilities vote too. */
  classify?(text: string, lang: string): ArrayLike<number>;
  /** The best kind's vote must be at least this many times the next one's. */
  ratio: number;
}

/** Each piece of a rule's text with the language it is written in. */
export function rulePieces(rule: RuleDef, language: string): Array<{ text: string; lang: string }> {
  const out: Array<{ text: string; lang: string }> = [];
  const byLang = mentionsByLanguage(rule.when.mentions);
  if (byLang) for (const [lang, list] of Object.entries(byLang)) for (const m of list) out.push({ text: m, lang });
  else for (const m of rule.when.mentions ?? []) out.push({ text: m, lang: language });
  if (typeof rule.label === 'string') out.push({ text: rule.label, lang: language });
  else if (rule.label) for (const [lang, text] of Object.entries(rule.label)) out.push({ text, lang });
  if (rule.description) out.push({ text: rule.description, lang: language });
  out.push({ text: rule.id.replace(/-/g, ' '), lang: language });
  return out;
}

const fmt = (n: number): string => String(Math.round(n * 100) / 100);

export function inheritKinds(rules: readonly RuleDef[], kinds: readonly string[], language: string, tools: InheritTools): Inheritance[] {
  return rules.map((rule): Inheritance => {
    if (rule.learn_from_corpus === false) return { kind: null, why: 'none: learn_from_corpus is false' };
    if (kinds.length === 0) return { kind: null, why: 'none: no corpus' };
    const vote = new Float64Array(kinds.length);
    for (const p of rulePieces(rule, language)) {
      const near = tools.neighbours(tools.features(p.text, p.lang));
      const sum = near.reduce((a, n) => a + n.sim, 0);
      // Each piece shares out one vote: a short phrase counts as much as a long one.
      if (sum > 0) for (const n of near) vote[n.kind] = (vote[n.kind] as number) + n.sim / sum;
      if (tools.classify && /\p{L}/u.test(p.text)) {
        const ps = tools.classify(p.text, p.lang);
        for (let k = 0; k < kinds.length; k++) vote[k] = (vote[k] as number) + (ps[k] as number);
      }
    }
    const order = [...vote.keys()].sort((a, b) => (vote[b] as number) - (vote[a] as number));
    const [b0 = 0, b1 = 0] = order;
    const best = vote[b0] as number;
    const next = vote[b1] as number;
    if (best === 0) return { kind: null, why: 'none: its words are not in the corpus' };
    const line = `${kinds[b0]} ${fmt(best)}; next ${kinds[b1]} ${fmt(next)}`;
    if (best < tools.ratio * next) return { kind: null, why: `none: no kind clearly ahead (${line})` };
    return { kind: kinds[b0] as string, why: `kind ${kinds[b0]} (${line})` };
  });
}
