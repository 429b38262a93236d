/**
 * Names the part of a rules file a path points into, the way a manager thinks of
 * it: `rule "parts-not-ordered"`, `gesture "lunch"`, `alerts[0]`, `fallback`,
 * `currency`. The rest of the path becomes the field, e.g. `when.mentions[0]`.
 */
import type { Path } from './yaml-source.ts';

export interface Where {
  /** The entity: `rule "x"`, `gesture "y"`, `alerts[0]`, or a top-level field. Empty for the whole file. */
  where: string;
  /** The field inside it, e.g. `when.wait_minutes.at_least`; empty when the path is the entity itself. */
  field: string;
}

function ruleName(data: unknown, index: number): string {
  const rules = (data as { rules?: unknown } | null)?.rules;
  const id = Array.isArray(rules) ? (rules[index] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' && id !== '' ? `rule "${id}"` : `rules[${index}]`;
}

export function fieldPath(path: Path): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? String(segment) : `.${String(segment)}`))
    .join('');
}

/** `data` is the plain parsed document (before validation), used to find rule ids by index. */
export function describePath(path: Path, data: unknown): Where {
  const [head, second, ...rest] = path;
  if (head === undefined) return { where: '', field: '' };
  if (head === 'gestures' && second !== undefined) return { where: `gesture "${String(second)}"`, field: fieldPath(rest) };
  if (head === 'rules' && typeof second === 'number') return { where: ruleName(data, second), field: fieldPath(rest) };
  if (head === 'alerts' && typeof second === 'number') return { where: `alerts[${second}]`, field: fieldPath(rest) };
  return { where: String(head), field: fieldPath(path.slice(1)) };
}
