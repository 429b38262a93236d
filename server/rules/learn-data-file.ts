/**
 * Reads the shipped corpus directory into LearnData, once per directory (it is
 * data shipped with the product and does not change while the server runs).
 * A missing directory or file is a normal absence: the engine then learns from
 * the rules file's own examples and corrections only.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acceptModelFile } from './kind-model.ts';
import { EMPTY_LEARN_DATA, parseKinds, parseLabelledLines, parseTsv, parseWordList, type CorpusLine, type DataProblem, type LearnData } from './learn-data.ts';

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export interface LearnDataResult {
  data: LearnData;
  problems: DataProblem[];
}

async function readLearnDataUncached(dir: string): Promise<LearnDataResult> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return { data: EMPTY_LEARN_DATA, problems: [] };
  }
  const problems: DataProblem[] = [];
  const kindsText = await readText(join(dir, 'kinds.yaml'));
  const kinds = kindsText === null ? { kinds: [], problems: [] } : parseKinds(kindsText, join(dir, 'kinds.yaml'));
  problems.push(...kinds.problems);
  const kindIds = new Set(kinds.kinds.map((k) => k.id));
  const lines: CorpusLine[] = [];
  const markers = new Map<string, Set<string>>();
  const misspellings = new Map<string, Map<string, string>>();
  for (const lang of entries.filter((e) => /^[a-z]{2}$/.test(e)).sort()) {
    // train.jsonl once the corpus is split; until then the whole of it. heldout.jsonl is never read here.
    const file = join(dir, lang, 'train.jsonl');
    const text = (await readText(file)) ?? (await readText(join(dir, lang, 'all.jsonl')));
    if (text === null) continue;
    const parsed = parseLabelledLines(text, file, 'kind');
    problems.push(...parsed.problems);
    for (const l of parsed.lines) {
      if (kindIds.size > 0 && !kindIds.has(l.label)) problems.push({ file, line: l.line, message: `unknown kind "${l.label}"` });
      else lines.push({ text: l.text, kind: l.label, lang });
    }
  }
  for (const e of entries) {
    const m = /^lang-([a-z]{2})-markers\.txt$/.exec(e);
    if (m) markers.set(m[1] as string, parseWordList((await readText(join(dir, e))) ?? ''));
    const t = /^misspellings-([a-z]{2})\.tsv$/.exec(e);
    if (t) misspellings.set(t[1] as string, new Map([...parseTsv((await readText(join(dir, e))) ?? '')].map(([k, v]) => [k, (v[0] as string).toLowerCase()])));
  }
  const glossaryText = await readText(join(dir, 'glossary-es-en.tsv'));
  const data: LearnData = {
    kinds: kinds.kinds,
    lines,
    markers,
    misspellings,
    glossary: glossaryText === null ? new Map() : parseTsv(glossaryText),
  };
  // A classifier the build trained on this corpus (dist/kind-model.json next to the bundle): read, not trained at start.
  const modelText = await readText(new URL('./kind-model.json', import.meta.url).pathname);
  if (modelText !== null && lines.length > 0) acceptModelFile(data, modelText);
  return { data, problems };
}

const cache = new Map<string, Promise<LearnDataResult>>();

/** The corpus in `dir`, read once per process. */
export function readLearnData(dir: string): Promise<LearnDataResult> {
  let hit = cache.get(dir);
  if (!hit) cache.set(dir, (hit = readLearnDataUncached(dir)));
  return hit;
}
