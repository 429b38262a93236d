/** What a loaded rules file looks like to everyone outside server/rules. */
import type { Recommendation, RecommendInput } from '../contract/recommendation.ts';
import type { RulesDoc } from './schema.ts';
import type { Inheritance } from './corpus-inherit.ts';

/** What an engine learns from besides the rules' words. */
export interface Learning {
  /** Per rule, in file order: the corpus kind it inherited, or none and why. */
  inherited: Inheritance[];
  /** Labelled examples it holds now: corpus lines, file examples, corrections. */
  examples: number;
}

export interface RulesEngine {
  /** Content hash of the file text (first 12 hex chars of sha256), e.g. "r-3f9a1c20b7d1". */
  readonly version: string;
  /** The validated document (gestures, rules, alerts, thresholds). */
  readonly doc: RulesDoc;
  /** Pure and fast: no I/O. */
  recommend(input: RecommendInput): Recommendation;
  /** Null when compiled without a corpus, examples or a book. */
  readonly learning: Learning | null;
}

/** One problem in a rules file, in the form managers read: file:line:col where: message (hint). */
export interface RulesProblem {
  file: string;
  line: number;
  col: number;
  /** e.g. `rule "parts-not-ordered"` or `gesture "lunch"` or `currency`. */
  where: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

export type LoadResult = { ok: true; engine: RulesEngine; warnings: RulesProblem[] } | { ok: false; problems: RulesProblem[] };
