/**
 * Loading a rules file: YAML → schema → cross-checks → compiled engine.
 * loadRulesText is pure (text in, result out); loadRulesFile only adds the read.
 * A missing or unreadable file is a problem like any other, never a throw.
 */
import { readFile } from 'node:fs/promises';
import { compileEngine } from './compile.ts';
import type { LoadResult, RulesProblem } from './engine.ts';
import { isError, sortProblems } from './problems.ts';
import { rulesDocSchema } from './schema.ts';
import { issuesToProblems } from './schema-issues.ts';
import { crossCheck } from './validate.ts';
import { rulesVersion } from './version.ts';
import { describePath } from './where.ts';
import { parseYaml, pathAt, positionAt, type YamlError, type YamlSource } from './yaml-source.ts';

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

/** Validates and compiles rules text. `file` is only used to name where problems are. */
export function loadRulesText(text: string, file: string): LoadResult {
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
  const checked = [...crossCheck(parsed.data, source, file), ...yamlWarnings];
  if (checked.some(isError)) return { ok: false, problems: sortProblems(checked) };
  try {
    const engine = compileEngine(parsed.data, rulesVersion(text));
    return { ok: true, engine, warnings: sortProblems(checked) };
  } catch (err) {
    return { ok: false, problems: [wholeFile(file, `could not compile the rules: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}

/** Reads and loads a rules file. Read errors come back as problems, not exceptions. */
export async function loadRulesFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a rules file' : `cannot read: ${(err as Error).message}`;
    return { ok: false, problems: [wholeFile(path, message, code === 'ENOENT' ? 'pass the path to your rules file, or set RULES_FILE' : undefined)] };
  }
  return loadRulesText(text, path);
}
