/** Problems in a rules file, as data, and the one line managers read for each. */
import type { RulesProblem } from './engine.ts';

export type { RulesProblem };

/**
 * `file:line:col where: message (hint)`, e.g.
 * `rules/gestures.yaml:31:7 rule "parts-not-ordered": unknown gesture "lunchh" (did you mean "lunch"?)`.
 * Warnings carry a `warning:` prefix on the message so they read differently in a terminal.
 */
export function formatProblem(p: RulesProblem): string {
  const where = p.where ? ` ${p.where}:` : '';
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${p.file}:${p.line}:${p.col}${where} ${tag}${p.message}${hint}`;
}

export function isError(p: RulesProblem): boolean {
  return p.severity === 'error';
}

/** Errors first, then by position, so the first line printed is the first thing to fix. */
export function sortProblems(problems: RulesProblem[]): RulesProblem[] {
  return [...problems].sort(
    (a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.line - b.line || a.col - b.col,
  );
}
