import type { GestureKind, RecommendContext, Explanation } from './recommendation.ts';

/**
 * The recovery log: append-only, one entry per line, hash-chained.
 * Every entry is one of the bodies below plus the chain fields the store adds.
 */

export const OUTCOMES = ['offered', 'accepted', 'declined', 'swapped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REACTIONS = ['delighted', 'satisfied', 'neutral', 'upset'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface Actor {
  token_id: string;
  name: string;
  role: 'staff' | 'manager' | 'auditor' | 'system';
}

export interface LoggedGesture {
  id: string;
  label: string;
  value: number;
  kind: GestureKind;
}

export interface RecommendationBody {
  type: 'recommendation';
  request_id: string;
  actor: Actor;
  location: string;
  /** The description as typed, with e-mail addresses, phone numbers and card numbers redacted. */
  description: string;
  context: RecommendContext;
  rules_version: string;
  rule_id: string | null;
  fallback: boolean;
  gesture: LoggedGesture;
  alternatives: LoggedGesture[];
  value: number;
  needs_approval: boolean;
  repeat: boolean;
  explanation: Explanation;
  /** The words to say, as shown (lets a retry after a restart get the same answer). */
  say?: string;
  /** Facts the recommender read from the text, e.g. { wait_minutes: 45 }. */
  read_from_text?: { wait_minutes?: number };
  /** The rules file's currency code at the time, e.g. "USD". */
  currency?: string;
}

export interface DecisionBody {
  type: 'decision';
  /** Id of the recommendation entry this decides. */
  ref: string;
  request_id: string;
  actor: Actor;
  location: string;
  outcome: Outcome;
  gesture_id: string;
  /** Value of that gesture as offered (absent in older logs: read it from the recommendation). */
  value?: number;
  /** A swap to a gesture over approval_above or the value cap: this entry is its approval request. */
  needs_approval?: boolean;
  /** A swap: the words for the gesture now on the table. */
  say?: string;
  reaction?: Reaction;
  note?: string;
  /** Set when this changes a final outcome (accepted/declined): why, redacted like a description. */
  correction?: { reason: string };
}

export interface ApprovalBody {
  type: 'approval';
  ref: string;
  actor: Actor;
  location: string;
  approved: boolean;
  /** The gesture decided on and its value (absent in older logs: the recommended one). */
  gesture_id?: string;
  value?: number;
  /** Id of the swap decision that asked, when it was not the recommendation itself. */
  request?: string;
  note?: string;
}

export interface AlertFiredBody {
  type: 'alert';
  alert_id: string;
  rule_id: string;
  scope: 'per-location' | 'all-locations';
  /** Set for per-location alerts. */
  location?: string;
  count: number;
  within_minutes: number;
  /** Ids of the recommendation entries that made up the quorum. */
  failures: string[];
  /** The alert's `message` from the rules file, if it has one (what the strike team should check). */
  message?: string;
}

export interface AlertClosedBody {
  type: 'alert_closed';
  /** Id of the alert entry. */
  ref: string;
  actor: Actor;
  root_cause: string;
  fix: string;
}

/**
 * Written by `makegood log repair --accept-loss`: acknowledged entries were lost (the log was
 * cut back to its last good entry) and an operator accepted it. The loss stays in the chain.
 */
export interface LossBody {
  type: 'loss';
  /** The first seq that was lost: this entry takes its place. */
  lost_from_seq: number;
  /** Acknowledged entries lost, as the durable head knew them; null when there was no head to tell. */
  lost_count: number | null;
  /** Bytes cut from the log (kept aside in lost_file). */
  lost_bytes: number;
  /** Where the cut bytes were saved, relative to the data directory; null when none were cut. */
  lost_file: string | null;
  /** What was wrong, as verify said it. */
  problem: string;
  /** The operator's reason, redacted like a description. */
  reason: string;
  actor: Actor;
}

/**
 * Staff said the recommendation answered the wrong problem and chose the rule that fits: the
 * request is re-recommended under that rule (same approval, cap and repeat logic) and this entry
 * puts the new recommendation on the table; decisions and approvals that follow apply to it.
 * Every correction is also a labelled example the engine learns from (rebuilt from the log on start).
 */
export interface CorrectionBody {
  type: 'correction';
  /** Id of the recommendation entry corrected. */
  ref: string;
  request_id: string;
  actor: Actor;
  location: string;
  /** The description as learned (redacted like the recommendation's). */
  description: string;
  /** The rule the engine chose; null = the fallback. */
  engine_rule: string | null;
  /** The rule on the table before this correction (the engine's, or an earlier correction's). */
  from_rule: string | null;
  /** The rule staff chose. */
  rule_id: string;
  rules_version: string;
  gesture: LoggedGesture;
  alternatives: LoggedGesture[];
  value: number;
  needs_approval: boolean;
  repeat: boolean;
  say: string;
  explanation: Explanation;
  currency?: string;
}

export type EntryBody = RecommendationBody | DecisionBody | ApprovalBody | AlertFiredBody | AlertClosedBody | LossBody | CorrectionBody;
export type EntryType = EntryBody['type'];

/** Chain fields added by the store. `hash` = sha256 of the canonical JSON of every other field. */
export interface ChainFields {
  /** 1-based position in the log. */
  seq: number;
  /** Stable id, e.g. "e000042-3f9a1c". */
  id: string;
  /** Server time, ISO 8601 UTC. */
  at: string;
  /** Hash of the previous entry ("0"×64 for the first). */
  prev: string;
  hash: string;
}

export type LogEntry = EntryBody & ChainFields;
export type EntryOf<T extends EntryType> = Extract<EntryBody, { type: T }> & ChainFields;
