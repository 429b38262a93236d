/**
 * The engine's accuracy on descriptions it never learned from:
 *  - eval/<b>.yaml (a manager's quick rules) on eval/<b>.<split>.<lang>.jsonl,
 *    optionally with another file's lines as learned examples (corrections);
 *  - a rules file made from corpus/kinds.yaml (one rule per kind, its label as
 *    its only words) on corpus/<lang>/heldout.jsonl, or on folds of train.jsonl
 *    (cross-validation: the fold is taken out of the corpus it learns from).
 * Used by the bench (held-out numbers, reported only) and by learn-tune.ts (dev
 * numbers, for choosing the matcher's settings).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExampleBook, loadRulesText, loadRulesWithSources, type RulesEngine } from '../../server/rules/index.ts';
import type { ExampleTuning } from '../../server/rules/example-match.ts';
import { parseLabelledLines, type LearnData } from '../../server/rules/learn-data.ts';
import { readLearnData } from '../../server/rules/learn-data-file.ts';

export interface Score {
  set: string;
  total: number;
  passed: number;
  accuracy: number;
}

const pct = (passed: number, total: number): number => (total === 0 ? 0 : Math.round((passed / total) * 1000) / 10);

async function lines(file: string): Promise<Array<{ text: string; label: string }>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const expect = parseLabelledLines(text, file, 'expect').lines;
  return expect.length > 0 ? expect : parseLabelledLines(text, file, 'kind').lines;
}

export function score(engine: RulesEngine, set: string, cases: ReadonlyArray<{ text: string; label: string }>): Score {
  let passed = 0;
  for (const c of cases) {
    const r = engine.recommend({ description: c.text });
    if ((r.fallback ? 'fallback' : r.rule_id) === c.label) passed++;
  }
  return { set, total: cases.length, passed, accuracy: pct(passed, cases.length) };
}

export interface EvalOptions {
  root: string;
  split: 'dev' | 'holdout';
  corpusDir: string | null;
  tuning?: Partial<ExampleTuning>;
  /** Learned examples: the named split of the same business and language (e.g. dev when scoring holdout). */
  examplesSplit?: 'dev' | 'holdout';
}

/** Accuracy per eval/<b>.<split>.<lang>.jsonl with eval/<b>.yaml. */
export async function evalScores(o: EvalOptions): Promise<Score[]> {
  const dir = join(o.root, 'eval');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.yaml')).sort();
  const out: Score[] = [];
  for (const f of files) {
    const b = f.replace(/\.yaml$/, '');
    const text = await readFile(join(dir, f), 'utf8');
    for (const lang of ['en', 'es']) {
      const cases = await lines(join(dir, `${b}.${o.split}.${lang}.jsonl`));
      if (cases.length === 0) continue;
      const book = new ExampleBook();
      if (o.examplesSplit) {
        for (const l of await lines(join(dir, `${b}.${o.examplesSplit}.${lang}.jsonl`))) {
          if (l.label !== 'fallback') book.add({ text: l.text, rule_id: l.label, source: { type: 'correction' } });
        }
      }
      const loaded = await loadRulesWithSources(text, join(dir, f), { corpusDir: o.corpusDir, book, ...(o.tuning ? { tuning: o.tuning } : {}) });
      if (!loaded.ok) throw new Error(`${f}: ${loaded.problems[0]?.message}`);
      out.push(score(loaded.engine, `${b}.${o.split}.${lang}${o.examplesSplit ? `+${o.examplesSplit}` : ''}`, cases));
    }
  }
  return out;
}

/**
 * Two folds of the dev lines: half of each file's lines (by line number parity)
 * learned as corrections, the other half scored, then the other way round; one
 * score per language over both folds. Measures whether corrections help.
 */
export async function halvesScores(o: { root: string; corpusDir: string | null; tuning?: Partial<ExampleTuning> }): Promise<Score[]> {
  const dir = join(o.root, 'eval');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.yaml')).sort();
  const tally = new Map<string, { passed: number; total: number }>();
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    for (const lang of ['en', 'es']) {
      const all = await lines(join(dir, `${f.replace(/\.yaml$/, '')}.dev.${lang}.jsonl`));
      if (all.length === 0) continue;
      for (const fold of [0, 1]) {
        const book = new ExampleBook();
        for (const [i, l] of all.entries()) if (i % 2 !== fold && l.label !== 'fallback') book.add({ text: l.text, rule_id: l.label, source: { type: 'correction' } });
        const loaded = await loadRulesWithSources(text, join(dir, f), { corpusDir: o.corpusDir, book, ...(o.tuning ? { tuning: o.tuning } : {}) });
        if (!loaded.ok) throw new Error(`${f}: ${loaded.problems[0]?.message}`);
        const s = score(loaded.engine, lang, all.filter((_, i) => i % 2 === fold));
        const t = tally.get(lang) ?? { passed: 0, total: 0 };
        tally.set(lang, { passed: t.passed + s.passed, total: t.total + s.total });
      }
    }
  }
  return [...tally].map(([lang, t]) => ({ set: `dev.halves.${lang}`, total: t.total, passed: t.passed, accuracy: pct(t.passed, t.total) }));
}

/** One rule per corpus kind, heard only through its label and what it covers. */
export function kindsRulesText(data: LearnData): string {
  return stringify({
    gestures: { sorry: { label: 'Apology', value: 0, kind: 'attention' } },
    rules: data.kinds.map((k) => ({ id: k.id, label: k.label, description: k.what, when: { mentions: [k.label.en ?? k.id] }, offer: ['sorry'] })),
    fallback: { offer: ['sorry'], say: 'Sorry.' },
  });
}

/** The kinds rules on corpus/<lang>/heldout.jsonl, learning from train.jsonl. */
export async function corpusHeldoutScores(root: string, tuning?: Partial<ExampleTuning>): Promise<Score[]> {
  const dir = join(root, 'corpus');
  const { data } = await readLearnData(dir);
  if (data.kinds.length === 0) return [];
  const loaded = loadRulesText(kindsRulesText(data), 'kinds.yaml', { data, ...(tuning ? { tuning } : {}) });
  if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
  const out: Score[] = [];
  for (const lang of ['en', 'es']) {
    const cases = await lines(join(dir, lang, 'heldout.jsonl'));
    if (cases.length > 0) out.push(score(loaded.engine, `corpus.heldout.${lang}`, cases));
  }
  return out;
}

/** k-fold cross-validation on the training corpus: each fold is scored by an engine that learned from the rest. */
export async function corpusFoldScores(root: string, folds: number, tuning?: Partial<ExampleTuning>): Promise<Score[]> {
  const { data } = await readLearnData(join(root, 'corpus'));
  if (data.kinds.length === 0) return [];
  const tally = new Map<string, { passed: number; total: number }>();
  for (let f = 0; f < folds; f++) {
    const train = data.lines.filter((_, i) => i % folds !== f);
    const test = data.lines.filter((_, i) => i % folds === f);
    const loaded = loadRulesText(kindsRulesText(data), 'kinds.yaml', { data: { ...data, lines: train }, ...(tuning ? { tuning } : {}) });
    if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
    for (const lang of ['en', 'es']) {
      const s = score(loaded.engine, lang, test.filter((l) => l.lang === lang).map((l) => ({ text: l.text, label: l.kind })));
      const t = tally.get(lang) ?? { passed: 0, total: 0 };
      tally.set(lang, { passed: t.passed + s.passed, total: t.total + s.total });
    }
  }
  return [...tally].map(([lang, t]) => ({ set: `corpus.cv${folds}.${lang}`, total: t.total, passed: t.passed, accuracy: pct(t.passed, t.total) }));
}

/** The starter policy on its own cases file (rules/examples/cases.jsonl): must stay at 100%. */
export async function casesScore(root: string, corpusDir: string | null, tuning?: Partial<ExampleTuning>): Promise<Score> {
  const file = join(root, 'rules', 'gestures.yaml');
  const loaded = await loadRulesWithSources(await readFile(file, 'utf8'), file, { corpusDir, ...(tuning ? { tuning } : {}) });
  if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
  const cases = (await readFile(join(root, 'rules', 'examples', 'cases.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; expect: string; wait?: number; tier?: string; location?: string; paid?: number; lang?: string });
  let passed = 0;
  for (const c of cases) {
    const context = { ...(c.wait !== undefined ? { wait_minutes: c.wait } : {}), ...(c.tier ? { customer_tier: c.tier } : {}), ...(c.location ? { location: c.location } : {}), ...(c.paid !== undefined ? { amount_paid: c.paid } : {}), ...(c.lang ? { lang: c.lang } : {}) };
    const r = loaded.engine.recommend({ description: c.text, context });
    if ((r.fallback ? 'fallback' : r.rule_id) === c.expect) passed++;
  }
  return { set: 'starter-cases', total: cases.length, passed, accuracy: pct(passed, cases.length) };
}
