/**
 * Turns zod's issues into problems a manager can act on: located at the YAML
 * node, named by rule/gesture, in plain words, with a did-you-mean for
 * misspelt field names and enum values.
 */
import type { z } from 'zod';
import type { RulesProblem } from './engine.ts';
import { didYouMean } from './suggest.ts';
import { describePath } from './where.ts';
import { offsetOf, positionAt, type Path, type YamlSource } from './yaml-source.ts';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
}

const def = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Walks the schema along a data path; returns the object keys valid there (for "did you mean"). */
export function keysAt(schema: AnySchema, path: Path): string[] {
  let current: AnySchema | undefined = schema;
  let i = 0;
  for (let guard = 0; current && guard < 100; guard++) {
    const d = def(current);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'readonly' || d.type === 'prefault') {
      current = d.innerType;
    } else if (d.type === 'pipe') {
      current = d.in;
    } else if (i === path.length) {
      return d.type === 'object' ? Object.keys(d.shape ?? {}) : [];
    } else if (d.type === 'object') {
      current = d.shape?.[String(path[i++])];
    } else if (d.type === 'record') {
      current = d.valueType;
      i++;
    } else if (d.type === 'array') {
      current = d.element;
      i++;
    } else if (d.type === 'union') {
      current = d.options?.find((o) => def(o).type === 'object');
    } else {
      return [];
    }
  }
  return [];
}

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[segment];
  }
  return v;
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map (field: value lines)';
  if (typeof value === 'string') return `text "${value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value;
}

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map (field: value lines)',
  record: 'a map (name: value lines)',
};

function slug(key: string): string {
  return key
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Picks the union branch the manager most likely meant: the one that got furthest (deepest issue). */
function bestBranch(errors: Issue[][]): Issue[] | undefined {
  const depth = (issues: Issue[]) => Math.max(...issues.map((i) => (i.code === 'invalid_type' && i.path.length === 0 ? -1 : i.path.length)));
  const ranked = [...errors].sort((a, b) => depth(b) - depth(a));
  const best = ranked[0];
  return best && depth(best) >= 0 ? best : undefined;
}

export function issuesToProblems(issues: readonly Issue[], schema: AnySchema, source: YamlSource, data: unknown, file: string): RulesProblem[] {
  const out: RulesProblem[] = [];
  const add = (path: Path, message: string, hint?: string, atKey = false) => {
    const { line, col } = positionAt(source, offsetOf(source, path, { key: atKey }));
    const { where, field } = describePath(path, data);
    const problem: RulesProblem = { file, line, col, where, message: field ? `${field}: ${message}` : message, severity: 'error' };
    if (hint) problem.hint = hint;
    out.push(problem);
  };
  /** A required field that is absent: reported at its parent, where it belongs. */
  const missing = (path: Path) => {
    const name = String(path[path.length - 1]);
    const parent = path.slice(0, -1);
    const { where, field } = describePath(parent, data);
    const { line, col } = positionAt(source, offsetOf(source, parent));
    const label = field ? `${field}.${name}` : name;
    out.push({ file, line, col, where, message: `missing required field "${label}"`, severity: 'error' });
  };
  const visit = (issue: Issue, prefix: Path) => {
    const path = [...prefix, ...issue.path];
    const value = valueAt(data, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const valid = keysAt(schema, path);
        for (const key of issue.keys) {
          // The position points at the key itself, so the message needs no path.
          const { where } = describePath(path, data);
          const { line, col } = positionAt(source, offsetOf(source, [...path, key], { key: true }));
          const hint = didYouMean(key, valid) ?? (valid.length ? `fields here: ${valid.join(', ')}` : undefined);
          const message = `unknown field "${key}"`;
          const problem: RulesProblem = { file, line, col, where, message, severity: 'error' };
          if (hint) problem.hint = hint;
          out.push(problem);
        }
        return;
      }
      case 'invalid_type': {
        if (value === undefined) {
          missing(path);
          return;
        }
        add(path, `expected ${expectedWords[issue.expected] ?? issue.expected}, got ${kindOf(value)}`);
        return;
      }
      case 'invalid_value': {
        const options = issue.values.map(String);
        const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
        add(path, `${JSON.stringify(value)} is not one of ${options.join(', ')}`, hint);
        return;
      }
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        const fixed = slug(key);
        const reason = issue.issues[0]?.message ?? 'not a valid name';
        add(path, `"${key}" is not a valid id: ${reason}`, fixed && fixed !== key ? `did you mean "${fixed}"?` : undefined, true);
        return;
      }
      case 'invalid_union': {
        // A required union field (say, label) that is simply absent reads like any missing field.
        if (value === undefined) {
          missing(path);
          return;
        }
        const branch = bestBranch(issue.errors);
        if (branch) {
          for (const inner of branch) visit(inner, path);
          return;
        }
        const wanted = [...new Set(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? expectedWords[i.expected] ?? i.expected : '')))].filter(Boolean);
        const isSay = path[path.length - 1] === 'say' || path[path.length - 1] === 'label';
        add(path, `expected ${isSay ? 'text, or one text per language like { en: "...", es: "..." }' : wanted.join(' or ')}, got ${kindOf(value)}`);
        return;
      }
      case 'too_small':
      case 'too_big':
      case 'not_multiple_of':
        add(path, typeof value === 'number' ? `${issue.message}, got ${value}` : issue.message);
        return;
      default:
        add(path, issue.message);
    }
  };
  for (const issue of issues) visit(issue, []);
  return out;
}

