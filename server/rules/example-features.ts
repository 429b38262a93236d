/**
 * What the example matcher compares: the content words of a description,
 * stemmed in its own language (Porter for English, Snowball for Spanish after
 * fixing common misspellings), without little words or numbers; a word a "not"
 * takes back is marked ("not a noise issue, …" does not vote for noise), plus each pair
 * of neighbouring content words in a clause ("front_desk", "never_order").
 */
import type { Word } from './normalize.ts';
import { negationScopes, NEGATORS } from './negation.ts';
import { stem } from './stem.ts';
import { stemEs } from './spanish.ts';
import { STOPWORDS } from './stopwords.ts';
import type { LanguageModel } from './language.ts';

/** Spanish negative words: they are part of the failure ("no llegó"), so they stay. */
const NEGATORS_ES: ReadonlySet<string> = new Set(['no', 'nunca', 'nada', 'nadie', 'sin', 'ni', 'tampoco', 'jamas']);

export interface FeatureOptions {
  bigrams: boolean;
  /** Leave out the words a "not" takes back. */
  negation: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = { bigrams: true, negation: true };

export function exampleFeatures(ws: readonly Word[], lang: string, model: LanguageModel | null, opts: FeatureOptions = DEFAULT_FEATURES): string[] {
  const out: string[] = [];
  const markers = model?.markers.get(lang);
  const spanish = lang === 'es';
  const fix = spanish ? model?.misspellings.get('es') : undefined;
  const negated = spanish || !opts.negation ? null : negationScopes(ws);
  let prev = '';
  let prevClause = -1;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    let text = w.text;
    // A word a "not" takes back is a different feature: "not a noise issue" is not "noise".
    const takenBack = negated !== null && (negated[i] as number) >= 0;
    if (/\d/.test(text) || text.length < 2) continue;
    if (fix) text = fix.get(text) ?? text;
    const negator = spanish ? NEGATORS_ES.has(text) : NEGATORS.has(text);
    if (!negator && (STOPWORDS.has(text) || markers?.has(text))) continue;
    const s = (takenBack ? '~' : '') + (spanish ? stemEs(text) : stem(text));
    out.push(s);
    if (opts.bigrams && prev !== '' && prevClause === w.clause) out.push(`${prev}_${s}`);
    prev = s;
    prevClause = w.clause;
  }
  return out;
}
