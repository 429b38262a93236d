/**
 * Where the live rules come from. app.ts only sees this interface; the file-backed
 * source (rules-file-source.ts) hot-reloads, tests may pass a fixed engine.
 */
import type { RulesStatus } from '../contract/events.ts';
import type { RulesEngine } from '../rules/engine.ts';
import type { ExampleBook } from '../rules/example-book.ts';

export type RulesChange = { ok: true; status: RulesStatus } | { ok: false; status: RulesStatus };

export interface RulesSource {
  current(): RulesEngine;
  status(): RulesStatus;
  /** Called after a reload (ok) or a failed save (not ok; the last good rules stay live). */
  onChange(listener: (change: RulesChange) => void): () => void;
  close(): void | Promise<void>;
  /** Corrections learned at runtime, shared by every engine this source loads (survives reloads). */
  readonly book?: ExampleBook;
}

/** A source that never changes: for tests and embedding. */
export function fixedRulesSource(engine: RulesEngine, file = '(in memory)', book?: ExampleBook): RulesSource {
  const status: RulesStatus = { version: engine.version, loaded_at: new Date().toISOString(), file, errors: [] };
  return { current: () => engine, status: () => ({ ...status }), onChange: () => () => {}, close: () => {}, ...(book ? { book } : {}) };
}
