/**
 * The corpus kind classifier (kind-classifier.ts) for one LearnData: trained
 * once per corpus and shared by every engine built from it (a rules reload does
 * not train again), or read from a model file the build wrote (build.mjs:
 * dist/kind-model.json) when its kinds are the corpus's. Pure apart from the cache.
 */
import type { LearnData } from './learn-data.ts';
import { spanishGlossary } from './spanish-glossary.ts';
import { KindClassifier, train, type LanguageResources } from './kind-classifier.ts';

const cache = new WeakMap<LearnData, KindClassifier>();
/** Model text by corpus (set by the loader when a prebuilt model file exists). */
const prebuilt = new WeakMap<LearnData, string>();

export const languageResources = (data: LearnData): LanguageResources => ({ markers: data.markers, misspellings: data.misspellings, glossary: spanishGlossary(data) });

/** What a model file was trained on: FNV-1a over the corpus's kinds and lines (a changed corpus means train again). */
export function corpusFingerprint(data: LearnData): string {
  let h = 0x811c9dc5;
  const add = (t: string): void => {
    for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  };
  for (const k of data.kinds) add(k.id);
  for (const l of data.lines) add(`${l.lang}\t${l.kind}\t${l.text}`);
  return `${data.lines.length}-${(h >>> 0).toString(16)}`;
}

/** The model file build.mjs writes (dist/kind-model.json): the corpus fingerprint and serialise()'s text. */
export function kindModelFile(data: LearnData): string | null {
  const model = kindClassifierFor(data);
  return model ? JSON.stringify({ corpus: corpusFingerprint(data), model: model.serialise() }) : null;
}

/** Reads a model file's text: offered for this corpus when its fingerprint matches; else a message saying why not. */
export function acceptModelFile(data: LearnData, text: string): { ok: true } | { ok: false; message: string } {
  let o: { corpus?: unknown; model?: unknown };
  try {
    o = JSON.parse(text) as typeof o;
  } catch (err) {
    return { ok: false, message: `kind model file: not valid JSON: ${(err as Error).message}` };
  }
  if (typeof o?.model !== 'string') return { ok: false, message: 'kind model file: expected {"corpus": "...", "model": "..."}' };
  if (o.corpus !== corpusFingerprint(data)) return { ok: false, message: 'kind model file: made from another corpus (trained again)' };
  offerPrebuiltModel(data, o.model);
  return { ok: true };
}

/** A model file's text for this corpus: used instead of training when it parses and names the same kinds. */
export function offerPrebuiltModel(data: LearnData, text: string): void {
  prebuilt.set(data, text);
}

/** The classifier of this corpus's kinds, or null when it has no lines. */
export function kindClassifierFor(data: LearnData): KindClassifier | null {
  if (data.lines.length === 0 || data.kinds.length === 0) return null;
  const hit = cache.get(data);
  if (hit) return hit;
  const res = languageResources(data);
  const kinds = data.kinds.map((k) => k.id);
  let model: KindClassifier | null = null;
  const text = prebuilt.get(data);
  if (text !== undefined) {
    const parsed = KindClassifier.parse(text, res);
    if (parsed.ok && parsed.model.kinds.join('\n') === kinds.join('\n')) model = parsed.model;
  }
  model ??= train(data.lines, res, {}, kinds);
  cache.set(data, model);
  return model;
}
