/**
 * Loading a rules file: YAML → schema → cross-checks → compiled engine.
 * loadRulesText is pure (text in, result out); loadRulesFile only adds the read.
 * A missing or unreadable file is a problem like any other, never a throw.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { corpusDir } from '../config.ts';
import { compileEngine } from './compile.ts';
import type { ExampleBook } from './example-book.ts';
import type { ExampleTuning, FileExample } from './example-match.ts';
import { parseLabelledLines, type LearnData } from './learn-data.ts';
import { readLearnData } from './learn-data-file.ts';
import { didYouMean } from './suggest.ts';
import type { LoadResult, RulesProblem } from './engine.ts';
import { isError, sortProblems } from './problems.ts';
import { rulesDocSchema } from './schema.ts';
import { issuesToProblems } from './schema-issues.ts';
import { crossCheck } from './validate.ts';
import { rulesVersion } from './version.ts';
import { describePath } from './where.ts';
import { offsetOf, parseYaml, pathAt, positionAt, type YamlError, type YamlSource } from './yaml-source.ts';

/** A line of advice for the YAML parser's commonest complaints. */
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'line the items up with spaces, two per level',
  BLOCK_AS_IMPLICIT_KEY: 'line up the fields of one block at the same column, with spaces',
  MULTILINE_IMPLICIT_KEY: 'check the indentation of this line and the next',
  DUPLICATE_KEY: 'each field or id may appear only once in the same block',
  MISSING_CHAR: 'a quote or bracket is not closed',
  UNEXPECTED_TOKEN: 'remove the stray character',
  MULTIPLE_DOCS: 'keep one document: remove the --- line and merge what follows',
};

/** Best-effort plain data of a document that may have errors, only to name rules by id. */
function roughData(source: YamlSource): unknown {
  try {
    return source.doc.toJS();
  } catch {
    return undefined;
  }
}

function yamlProblem(source: YamlSource, file: string, e: YamlError, severity: RulesProblem['severity'], data: unknown): RulesProblem {
  const { line, col } = positionAt(source, e.offset);
  const { where } = describePath(pathAt(source, e.offset), data);
  let message = e.message;
  // yaml's wording for a mis-indented line names parser internals; say what a manager sees.
  if (e.code === 'MULTIPLE_DOCS') return { file, line, col, where: '', message: 'the file holds more than one YAML document (a --- line)', severity, hint: YAML_HINTS.MULTIPLE_DOCS! };
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY') message = 'the indentation does not line up: the next line is indented further than this one';
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[\w-]+/.exec(source.text.slice(e.offset))?.[0];
    if (key) message = `"${key}" appears twice here (${e.message.toLowerCase()})`;
  }
  const problem: RulesProblem = { file, line, col, where, message, severity };
  const hint = YAML_HINTS[e.code];
  if (hint) problem.hint = hint;
  return problem;
}

function wholeFile(file: string, message: string, hint?: string): RulesProblem {
  const problem: RulesProblem = { file, line: 1, col: 1, where: '', message, severity: 'error' };
  if (hint) problem.hint = hint;
  return problem;
}

/** What a rules file learns from besides its words. All optional: loadRulesText stays pure. */
export interface LearnSources {
  /** The texts of the example files the rules file names, by the path as written there (null: could not be read). */
  exampleTexts?: ReadonlyMap<string, string | null>;
  /** The shipped corpus. */
  data?: LearnData;
  /** Corrections learned at runtime; shared by every engine. */
  book?: ExampleBook;
  tuning?: Partial<ExampleTuning>;
}

/** Example files named by the rules file: lines for the engine, problems located in the example file. */
function readExamples(paths: readonly string[], texts: ReadonlyMap<string, string | null> | undefined, ruleIds: readonly string[], file: string, source: YamlSource) {
  const examples: FileExample[] = [];
  const problems: RulesProblem[] = [];
  paths.forEach((path, i) => {
    const text = texts?.get(path);
    if (text === undefined || text === null) {
      const { line, col } = positionAt(source, offsetOf(source, ['examples', i]));
      // A warning, not an error: the rules still work without their examples, and a copy of a
      // rules file (tests, a staging server) must not stop the server for want of them.
      problems.push({
        file,
        line,
        col,
        where: 'examples',
        message: `example file "${path}" not found; the rules load without its examples`,
        hint: 'paths are relative to the rules file',
        severity: 'warning',
      });
      return;
    }
    const parsed = parseLabelledLines(text, path, 'expect');
    for (const p of parsed.problems) problems.push({ file: path, line: p.line, col: 1, where: '', message: p.message, severity: 'warning' });
    for (const l of parsed.lines) {
      if (l.label !== 'fallback' && !ruleIds.includes(l.label)) {
        const hint = didYouMean(l.label, ruleIds);
        problems.push({ file: path, line: l.line, col: 1, where: '', message: `example names unknown rule "${l.label}"; it is ignored`, ...(hint ? { hint } : {}), severity: 'warning' });
        continue;
      }
      examples.push({ text: l.text, rule_id: l.label, file: path, line: l.line });
    }
  });
  return { examples, problems };
}

/** Validates and compiles rules text. `file` is only used to name where problems are. */
export function loadRulesText(text: string, file: string, sources: LearnSources = {}): LoadResult {
  if (text.trim() === '') return { ok: false, problems: [wholeFile(file, 'the file is empty', 'start from the shipped rules/gestures.yaml')] };
  const { source, errors, warnings } = parseYaml(text);
  const rough = errors.length + warnings.length > 0 ? roughData(source) : undefined;
  const yamlWarnings = warnings.map((w) => yamlProblem(source, file, w, 'warning', rough));
  if (errors.length > 0) {
    // One mistake often trips two parser errors at the same spot: show the first.
    const seen = new Set<string>();
    const unique = errors.map((e) => yamlProblem(source, file, e, 'error', rough)).filter((p) => {
      const key = `${p.line}:${p.col}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return { ok: false, problems: sortProblems([...unique, ...yamlWarnings]) };
  }
  let data: unknown;
  try {
    data = source.doc.toJS();
  } catch (err) {
    // e.g. too many aliases: a file built to blow up the parser.
    return { ok: false, problems: [wholeFile(file, `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problems: [wholeFile(file, 'expected fields like gestures:, rules: and fallback: at the top level')] };
  }
  const parsed = rulesDocSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: sortProblems([...issuesToProblems(parsed.error.issues, rulesDocSchema, source, data, file), ...yamlWarnings]) };
  }
  const ex = readExamples(parsed.data.examples ?? [], sources.exampleTexts, parsed.data.rules.map((r) => r.id), file, source);
  const checked = [...crossCheck(parsed.data, source, file), ...yamlWarnings, ...ex.problems];
  if (checked.some(isError)) return { ok: false, problems: sortProblems(checked) };
  const learns = sources.data !== undefined || sources.book !== undefined || ex.examples.length > 0;
  try {
    const engine = compileEngine(
      parsed.data,
      rulesVersion(text),
      learns ? { examples: ex.examples, ...(sources.data ? { data: sources.data } : {}), ...(sources.book ? { book: sources.book } : {}), ...(sources.tuning ? { tuning: sources.tuning } : {}) } : undefined,
    );
    return { ok: true, engine, warnings: sortProblems(checked) };
  } catch (err) {
    return { ok: false, problems: [wholeFile(file, `could not compile the rules: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}

export interface LoadOptions {
  /** Where the corpus is; null learns from no corpus. Default: corpusDir() from server/config.ts. */
  corpusDir?: string | null;
  book?: ExampleBook;
  tuning?: Partial<ExampleTuning>;
}

/** The example file paths a rules text names, read without validating the rest (that is loadRulesText's job). */
function examplePaths(text: string): string[] {
  const { source, errors } = parseYaml(text);
  if (errors.length > 0) return [];
  const ex = (roughData(source) as { examples?: unknown } | undefined)?.examples;
  return Array.isArray(ex) ? ex.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
}

/** Reads what a rules text learns from (its example files, the corpus), then loads it. */
export async function loadRulesWithSources(text: string, path: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const exampleTexts = new Map<string, string | null>();
  for (const p of examplePaths(text)) {
    exampleTexts.set(p.trim(), await readFile(resolve(dirname(path), p.trim()), 'utf8').catch(() => null));
  }
  const dir = opts.corpusDir === undefined ? corpusDir() : opts.corpusDir;
  const data = dir === null ? undefined : (await readLearnData(dir)).data;
  const sources: LearnSources = { exampleTexts };
  if (data) sources.data = data;
  if (opts.book) sources.book = opts.book;
  if (opts.tuning) sources.tuning = opts.tuning;
  return loadRulesText(text, path, sources);
}

/** Reads and loads a rules file. Read errors come back as problems, not exceptions. */
export async function loadRulesFile(path: string, opts: LoadOptions = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a rules file' : `cannot read: ${(err as Error).message}`;
    return { ok: false, problems: [wholeFile(path, message, code === 'ENOENT' ? 'pass the path to your rules file, or set RULES_FILE' : undefined)] };
  }
  return loadRulesWithSources(text, path, opts);
}
