/**
 * What the engine learns from besides the rules file: the shipped corpus of
 * labelled failure descriptions (corpus/<lang>/train.jsonl), its failure kinds
 * (corpus/kinds.yaml), and the small language files (function words per
 * language, common Spanish misspellings). Parsing only: text in, data out;
 * learn-data-file.ts does the reading.
 */
import { parse as parseYamlText } from 'yaml';

export interface KindDef {
  id: string;
  label: Record<string, string>;
  what: string;
}

export interface CorpusLine {
  text: string;
  kind: string;
  lang: string;
}

export interface LearnData {
  kinds: KindDef[];
  /** Training lines only: held-out lines never reach the engine. */
  lines: CorpusLine[];
  /** Language code → its function words, for language detection and as little words in matching. */
  markers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Language code → misspelt word → correct word (accents folded). */
  misspellings: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Spanish word or phrase → English words (the glossary another part of the matcher reads). */
  glossary: ReadonlyMap<string, string[]>;
}

export const EMPTY_LEARN_DATA: LearnData = { kinds: [], lines: [], markers: new Map(), misspellings: new Map(), glossary: new Map() };

export interface DataProblem {
  file: string;
  line: number;
  message: string;
}

/** Accents off and lowercase, the way normalize.ts folds what staff type. */
const foldWord = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

export function parseKinds(text: string, file: string): { kinds: KindDef[]; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  let data: unknown;
  try {
    data = parseYamlText(text);
  } catch (err) {
    return { kinds: [], problems: [{ file, line: 1, message: `cannot read the YAML: ${(err as Error).message}` }] };
  }
  const list = (data as { kinds?: unknown } | null)?.kinds;
  if (!Array.isArray(list)) return { kinds: [], problems: [{ file, line: 1, message: 'expected a top-level "kinds:" list' }] };
  const kinds: KindDef[] = [];
  list.forEach((k: unknown, i) => {
    const o = k as Record<string, unknown> | null;
    if (!o || typeof o.id !== 'string') {
      problems.push({ file, line: 1, message: `kinds[${i}]: missing "id"` });
      return;
    }
    const label = typeof o.label === 'string' ? { en: o.label } : ((o.label ?? {}) as Record<string, string>);
    kinds.push({ id: o.id, label, what: typeof o.what === 'string' ? o.what : '' });
  });
  return { kinds, problems };
}

/** Labelled lines, `{"text": "...", "kind": "noise"}` (or `expect` for cases files). Bad lines become problems. */
export function parseLabelledLines(text: string, file: string, key: 'kind' | 'expect'): { lines: Array<{ text: string; label: string; line: number }>; problems: DataProblem[] } {
  const lines: Array<{ text: string; label: string; line: number }> = [];
  const problems: DataProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (err) {
      problems.push({ file, line: i + 1, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const r = o as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || typeof r.text !== 'string' || r.text.trim() === '' || typeof r[key] !== 'string') {
      problems.push({ file, line: i + 1, message: `expected {"text": "...", "${key}": "..."}` });
      return;
    }
    lines.push({ text: r.text, label: r[key] as string, line: i + 1 });
  });
  return { lines, problems };
}

/** One word per line; `#` starts a comment. Words are folded (lowercase, no accents). */
export function parseWordList(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line) for (const w of line.split(/\s+/)) out.add(foldWord(w));
  }
  return out;
}

/** `from<TAB>to1|to2` lines; `#` lines are comments. Keys folded. */
export function parseTsv(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#') || raw.trim() === '') continue;
    const [from, to] = raw.split('\t');
    if (!from || !to) continue;
    const key = foldWord(from);
    const vals = to.split('|').map((t) => t.trim()).filter(Boolean);
    if (key && vals.length) out.set(key, [...(out.get(key) ?? []), ...vals]);
  }
  return out;
}
