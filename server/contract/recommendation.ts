/** What the recommender takes and returns. Shared by the rules engine, the server and the widget. */

export const GESTURE_KINDS = ['money', 'redo', 'attention', 'upgrade'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];

/** Context a staff member may add to a description. All optional. */
export interface RecommendContext {
  wait_minutes?: number;
  customer_tier?: string;
  amount_paid?: number;
  customer_ref?: string;
  location?: string;
  /** Language for the words to say, e.g. "en", "es". Falls back to the file's default. */
  lang?: string;
}

/** What the pure recommender needs besides the text: facts the server looked up. */
export interface RecommendInput {
  description: string;
  context?: RecommendContext;
  /** How many earlier recoveries this customer_ref had within `repeat.within_days` (server looks it up). */
  previous_recoveries?: number;
}

export interface GestureView {
  id: string;
  label: string;
  value: number;
  kind: GestureKind;
  /** Gesture-specific words, if the file gives them. */
  say?: string;
  needs_approval: boolean;
}

export interface MatchedTerm {
  /** The manager's word or phrase from `mentions`. */
  term: string;
  /** What the staff member actually typed that matched it. */
  heard: string;
  /** How it matched: exact (after normalising), stem, typo, related word, or phrase with gaps. */
  how: 'exact' | 'stem' | 'typo' | 'related' | 'gap';
  /** For `related`: the related word it came through (e.g. "banging" for "noise"). */
  via?: string;
  score: number;
}

export interface Explanation {
  matched: MatchedTerm[];
  /** Conditions that held, readable: "wait 45 min ≥ 30", "tier is gold". */
  conditions: string[];
  /** Text score, priority and total score of the chosen rule. */
  score: { text: number; priority: number; total: number };
  /** The chosen rule's label as staff read it (the request's language, else the file's); absent for the fallback. */
  rule_label?: string;
  /** Why the runner-up lost, if there was one; `label` is its rule's label, for staff. */
  runner_up?: { rule_id: string; label?: string; score: number; why: string };
  /** Adjustments: value cap, only_at filtering, repeat escalation, approval threshold. */
  notes: string[];
  /** When labelled examples helped choose the rule: the closest one and where it came from. */
  example?: {
    text: string;
    /** Cosine similarity of the description and the example, 0..1. */
    similarity: number;
    /** What the examples added to the rule's text score. */
    score: number;
    source: 'correction' | 'file' | 'corpus';
    /** Readable: "correction by Ana, 2026-11-30", "example from examples/cases.jsonl:12", "corpus kind: noise". */
    from: string;
  };
  /** The description's language when it differs from the rules file's, e.g. "es". */
  language?: string;
  /** Words of that language and the rule-language words they were heard as. */
  heard_as?: Array<{ from: string; to: string }>;
}

export interface Recommendation {
  /** The rule that fired, or null when the fallback was used. */
  rule_id: string | null;
  fallback: boolean;
  gesture: GestureView;
  /** Up to two alternatives, in order. */
  alternatives: GestureView[];
  /** The words to say. */
  say: string;
  /** True when the chosen gesture is worth more than `approval_above`. */
  needs_approval: boolean;
  /** True when the customer_ref had an earlier recovery inside the repeat window. */
  repeat: boolean;
  /** Content hash of the rules file this was decided under. */
  rules_version: string;
  /** The rules file's three-letter currency code, e.g. "USD"; the widget formats values with it (USD when absent). */
  currency?: string;
  /** Facts read from the text when the context did not give them, e.g. { wait_minutes: 45 }. */
  read_from_text: { wait_minutes?: number };
  explanation: Explanation;
}
