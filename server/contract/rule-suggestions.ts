/**
 * What managers read about staff corrections (`makegood rules suggest`, the console's
 * Suggestions view): what to change in the rules file, each with the edit that applies it.
 * Shared by server/rules/suggest-changes.ts (which computes them), the CLI and the console.
 */

/** One change to the rules file that applies a suggestion. */
export type RuleEdit =
  | { op: 'add-mention'; rule_id: string; phrase: string }
  | { op: 'remove-mention'; rule_id: string; phrase: string };

interface SuggestionBase {
  /** 1-based number, stable for one run over the same log and rules (`--apply N`). */
  n: number;
  /** One line, e.g. "'blaring' → noise, 4 corrections, 3 locations". */
  summary: string;
  /** Up to three of the corrected descriptions behind it (redacted as logged). */
  examples: string[];
  /** Applying it; absent when there is nothing safe to edit (e.g. the rule is gone). */
  edit?: RuleEdit;
}

/** Words or phrases that corrections to one rule keep containing and the rule does not list. */
export interface AddWordsSuggestion extends SuggestionBase {
  kind: 'add-words';
  rule_id: string;
  phrase: string;
  corrections: number;
  locations: number;
}

/** A rule staff keep correcting away from, with the rule they chose instead. */
export interface CorrectedAwaySuggestion extends SuggestionBase {
  kind: 'corrected-away';
  rule_id: string;
  to_rule: string;
  corrections: number;
  locations: number;
  /** The rule's own word that most often made it win wrongly, when one did. */
  blamed?: string;
}

/** A labelled example (a correction or an example file line) the rules now send elsewhere. */
export interface DriftedSuggestion extends SuggestionBase {
  kind: 'drifted';
  text: string;
  /** The rule it was labelled with. */
  rule_id: string;
  /** Where the current rules send it (null: the fallback). */
  now: string | null;
  /** "correction by Ana, 2026-11-30" or "example from examples/cases.jsonl:12". */
  from: string;
  /** The labelled rule no longer exists in the file. */
  rule_gone: boolean;
}

export type RuleSuggestion = AddWordsSuggestion | CorrectedAwaySuggestion | DriftedSuggestion;

export interface RuleSuggestions {
  /** Corrections read from the log. */
  corrections: number;
  /** Version of the rules file they were computed against. */
  rules_version: string;
  suggestions: RuleSuggestion[];
}

/** What applying one did: the file, the edit, and the dry run against the cases file. */
export interface AppliedSuggestion {
  n: number;
  file: string;
  edit: RuleEdit;
  /** Cases checked in the dry run (0 when no cases file was given). */
  cases: number;
}
