/**
 * The live rules from a file, hot-reloaded: a valid save is live for the next
 * request; an invalid one keeps the last good rules and is reported with its
 * problems. The first load must succeed, or the server does not start.
 */
import type { RulesStatus } from '../contract/events.ts';
import type { RulesEngine, RulesProblem } from '../rules/engine.ts';
import { ExampleBook, formatProblem, loadRulesFile, watchRules, type WatchOptions } from '../rules/index.ts';
import { createEmitter } from './emitter.ts';
import type { RulesChange, RulesSource } from './rules-source.ts';

export type OpenRules = { ok: true; source: RulesSource; warnings: RulesProblem[] } | { ok: false; problems: RulesProblem[] };

export async function openRulesFile(file: string, watch: WatchOptions | false = {}): Promise<OpenRules> {
  // One book for the life of the server: every reload's engine learns from the same corrections.
  const book = new ExampleBook();
  const first = await loadRulesFile(file, { book });
  if (!first.ok) return { ok: false, problems: first.problems };
  let engine: RulesEngine = first.engine;
  let status: RulesStatus = { version: engine.version, loaded_at: new Date().toISOString(), file, errors: [] };
  const bus = createEmitter<{ change: RulesChange }>();

  const watcher =
    watch === false
      ? null
      : watchRules(
          file,
          {
            onLoad(next) {
              engine = next;
              status = { version: next.version, loaded_at: new Date().toISOString(), file, errors: [] };
              bus.emit('change', { ok: true, status: { ...status } });
            },
            onError(problems) {
              status = { ...status, errors: problems.map(formatProblem) };
              bus.emit('change', { ok: false, status: { ...status } });
            },
          },
          { ...watch, knownVersion: engine.version, load: { ...watch.load, book } },
        );

  return {
    ok: true,
    warnings: first.warnings,
    source: {
      current: () => engine,
      status: () => ({ ...status, errors: [...status.errors] }),
      onChange: (listener) => bus.on('change', listener),
      close: () => watcher?.close(),
      book,
    },
  };
}
