/** The rules module as the server sees it: load, watch, format problems. */
export { loadRulesText, loadRulesFile, loadRulesWithSources, type LoadOptions, type LearnSources } from './load.ts';
export { ExampleBook, type LearnedExample, type ExampleSource } from './example-book.ts';
export { watchRules, type RulesWatcher, type WatchHandlers, type WatchOptions } from './watcher.ts';
export { formatProblem, sortProblems } from './problems.ts';
export { rulesVersion } from './version.ts';
export { rulesJsonSchema, rulesJsonSchemaText } from './json-schema.ts';
export type { RulesEngine, RulesProblem, LoadResult, Learning } from './engine.ts';
export type { RulesDoc, RuleDef, GestureDef, AlertDef, Say } from './schema.ts';

/** Where the rules file is when nothing says otherwise. */
export const DEFAULT_RULES_FILE = 'rules/gestures.yaml';

/** The rules file to use: an explicit path, else $RULES_FILE, else rules/gestures.yaml. */
export function rulesFilePath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env.RULES_FILE ?? DEFAULT_RULES_FILE;
}
