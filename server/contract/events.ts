/**
 * The socket.io contract, shared by server, widget, console and tests.
 * The browser code imports it with `import type` so nothing from the server is bundled.
 * Event names read noun:verb. Every client event takes (payload, ack).
 */
import type { AckFn } from './errors.ts';
import type { Outcome, Reaction, LogEntry, EntryOf, LoggedGesture } from './log-entry.ts';
import type { GestureView, Recommendation, RecommendContext } from './recommendation.ts';
import type { ApprovalState, Phase, TrailStep } from './recovery-state.ts';
import type { Principal, Role } from './roles.ts';
import type { RuleSuggestions } from './rule-suggestions.ts';

// ---- payloads -------------------------------------------------------------

export interface RecommendRequest {
  /** Made by the client; a retry with the same id returns the same answer and logs nothing new. */
  requestId: string;
  description: string;
  context?: RecommendContext;
}

export interface RecommendResult {
  entry_id: string;
  recommendation: Recommendation;
  /**
   * 'pending' when the gesture needs a manager's approval, else 'not_needed'. A retry
   * (same requestId) after a manager decided answers 'approved' or 'declined'.
   */
  approval: 'not_needed' | 'pending' | 'approved' | 'declined';
  /** Where the recovery stands now (a retry after a swap shows the gesture on the table). */
  state?: RecoveryView;
}

/** The gesture on the table, its words and where it stands (server/contract/recovery-state.ts). */
export interface RecoveryView {
  gesture: GestureView;
  /** The words to say for that gesture. */
  say: string;
  phase: Phase;
  /** The manager's approval of that gesture. */
  approval: ApprovalState;
}

/** Staff say the recommendation answered the wrong problem and choose the rule that fits. */
export interface CorrectRequest {
  /** The requestId of the recommendation to correct. */
  requestId: string;
  /** A rule id from rules:list. */
  ruleId: string;
}

/** The recommendation under the chosen rule, now on the table (entry_id stays the recommendation's). */
export interface CorrectResult extends RecommendResult {
  /** Id of the correction entry in the log. */
  correction_id: string;
}

/** A rule as staff pick it: its id and its label in their language. */
export interface RuleChoice {
  id: string;
  label: string;
}

export interface DecideRequest {
  requestId: string;
  outcome: Outcome;
  gestureId?: string;
  reaction?: Reaction;
  note?: string;
  /** Required to change a final outcome (accepted/declined): why the record was wrong. */
  correction?: { reason: string };
}

export interface DecideResult {
  entry_id: string;
  /** Where the recovery stands after this decision: a swap answers with the new gesture's words and approval. */
  state: RecoveryView;
}

export interface ApprovalDecideRequest {
  /** Id of the entry that asked: the recommendation, or the swap decision (PendingApproval.request.entry_id). */
  entryId: string;
  approved: boolean;
  note?: string;
}

/** At most MAX_DECIDE_MANY ids a message (a frame is 16 KB); the console sends a larger selection in parts. */
export interface ApprovalDecideManyRequest {
  entryIds: string[];
  approved: boolean;
  note?: string;
}

export interface ApprovalDecideManyResult {
  /** Each request decided, with the approval entry logged for it. */
  decided: Array<{ entryId: string; entry_id: string }>;
  /** Each request refused, with approval:decide's code and message (e.g. conflict: already decided). */
  failed: Array<{ entryId: string; code: string; message: string }>;
}

export const MAX_DECIDE_MANY = 200;

export interface PendingApproval {
  /** The recommendation, for context (what happened, who asked). */
  entry: EntryOf<'recommendation'>;
  since: string;
  /** Exactly what is asked: the entry to decide and the gesture with its value (after a swap, not entry.gesture). */
  request: { entry_id: string; gesture: LoggedGesture };
}

export interface RulesStatus {
  version: string;
  loaded_at: string;
  file: string;
  /** Errors from the last failed save, empty when the live file is the last saved one. */
  errors: string[];
}

export interface LogQuery {
  since?: string;
  until?: string;
  location?: string;
  staff?: string;
  rule?: string;
  gesture?: string;
  outcome?: Outcome | 'none';
  text?: string;
  type?: LogEntry['type'];
  /** 0-based page offset into the filtered set, newest first. */
  offset?: number;
  limit?: number;
}

export type TimeBucket = 'hour' | 'day' | 'week';

/** stats:failures: recoveries per bucket; the range defaults to the last 48 hours / 30 days / 26 weeks. */
export interface FailuresRequest {
  bucket: TimeBucket;
  since?: string;
  until?: string;
  location?: string;
}

/** Counts per bucket (starts: each bucket's start, ISO, UTC), by rule (with its label) and by location; busiest first. */
export interface FailureSeries {
  bucket: TimeBucket;
  starts: string[];
  total: number;
  by_rule: { key: string; label: string; counts: number[]; total: number }[];
  by_location: { key: string; counts: number[]; total: number }[];
}

export interface LogPage {
  total: number;
  offset: number;
  entries: LogEntry[];
  /**
   * Latest outcome of each recommendation on the page ('none' = not decided yet), so the
   * console's table can show it without one request per row. Optional: stores may omit it.
   */
  outcomes?: Record<string, Outcome | 'none'>;
  /**
   * The gesture finally given (on the table now, after swaps) for each recommendation on the page
   * whose gesture or value differs from the one first recommended. Optional: stores may omit it.
   */
  given?: Record<string, { id: string; label: string; value: number }>;
  /**
   * Where each recommendation on the page stands (server/contract/recovery-state.ts): its approval
   * and the customer's reaction, when logged. Optional: stores may omit it.
   */
  states?: Record<string, { approval: 'not_needed' | 'pending' | 'approved' | 'declined'; reaction?: Reaction }>;
}

export interface LogEntryDetail {
  entry: LogEntry;
  related: LogEntry[];
  /** For a recommendation: its recovery step by step (swaps, approvals, outcomes, corrections with their reasons). */
  trail?: TrailStep[];
}

export interface AlertView {
  /** Id of the alert entry in the log. */
  entry_id: string;
  alert: EntryOf<'alert'>;
  status: 'open' | 'closed';
  closed?: EntryOf<'alert_closed'>;
  /**
   * The recommendation entries that made up the quorum, those the viewer may see. For a manager
   * who does not oversee every failure's location (an all-locations alert), `failures` and
   * `alert.failures` leave the others out; `hidden_failures` counts them.
   */
  failures: EntryOf<'recommendation'>[];
  /** How many of the quorum's failures are at locations the viewer does not oversee (0 or absent: none). */
  hidden_failures?: number;
  /** Whether the viewer may close it: a manager who sees every failure, while it is open. */
  can_close?: boolean;
}

export interface AlertCloseRequest {
  entryId: string;
  root_cause: string;
  fix: string;
}

export interface TotalsRow {
  key: string;
  count: number;
  value: number;
  accepted: number;
  decided: number;
  /** Value of the gestures the customer accepted (actually given); `value` - this was recommended but not given. */
  given_value?: number;
}

export interface Totals {
  by_gesture: TotalsRow[];
  by_location: TotalsRow[];
  /** key = ISO week start date (Monday), e.g. "2026-11-16". */
  by_week: TotalsRow[];
  count: number;
  /** Value of the gestures finally given (after swaps). */
  value: number;
  /** Value of the gestures first recommended, beside it. */
  recommended_value: number;
  acceptance_rate: number | null;
  /** Accepted and decided (accepted + declined) over the set: the rate's numerator and denominator. */
  accepted?: number;
  decided?: number;
  /** Gestures the customer accepted: how many and their value (what was actually given). */
  given?: { count: number; value: number };
  /** Everything else (pending, declined, waiting for approval, never offered): recommended but not given. */
  not_given?: { count: number; value: number };
  by_rule?: TotalsRow[];
  /** key = staff name (lower-cased, as the staff filter matches). */
  by_staff?: TotalsRow[];
  /** Display labels for the keys: gesture and rule ids from the live rules file. */
  labels?: { gesture: Record<string, string>; rule: Record<string, string> };
  /** The rules file's currency code, e.g. "USD". */
  currency?: string;
}

export interface EffectivenessRow {
  key: string;
  offered: number;
  accepted: number;
  declined: number;
  acceptance_rate: number | null;
  reactions: Record<Reaction, number>;
  average_value: number;
}

export interface Effectiveness {
  days: number;
  by_rule: EffectivenessRow[];
  by_gesture: EffectivenessRow[];
}

export interface LiveCounts {
  /** rule id (or "fallback") → location → count. */
  last_hour: Record<string, Record<string, number>>;
  last_day: Record<string, Record<string, number>>;
  /** The customer GPS: a tile per location the manager oversees (busiest hour first). */
  tiles?: LocationTile[];
  /** Display labels for rule ids, from the live rules file. */
  rule_labels?: Record<string, string>;
}

/** Values seen in the log (recoveries the viewer may see), each id with what people read. */
export interface FilterSuggestions {
  /** Location ids; the console derives display names from them (widget/console/format.ts placeName). */
  locations: string[];
  staff: string[];
  rules: RuleChoice[];
  gestures: RuleChoice[];
}

export interface LocationTile {
  location: string;
  last_hour: number;
  last_day: number;
  /** 24 hourly counts, oldest first; the last is the hour now running. */
  hourly: number[];
  /** The day's most frequent failure kinds (rule ids, "fallback" when none matched). */
  top: Array<{ rule: string; count: number }>;
  latest_at: string | null;
}

/** `log:prove`: the proof file (JSON, as `makegood log prove` prints it) and the key to check it with. */
export interface ProofDownload {
  filename: string;
  content: string;
  /** The checkpoint key's id and public key (PEM), for `makegood log verify-proof --key`. */
  key_id: string;
  public_key: string;
}

export interface ChainStatus {
  ok: boolean;
  /** Verified up to this entry (seq) and its time. */
  verified_count: number;
  verified_at: string | null;
  head_hash: string;
  /** When the server last read the log file from disk for this status (ISO); null before the first read. */
  read_at?: string | null;
  /** First problem found, if any. */
  problem?: string;
  /** A checkpoint to keep: { count, hash, at }. */
  checkpoint: { count: number; hash: string; at: string };
}

export interface ExportRequest extends LogQuery {
  format: 'csv' | 'json';
}

export interface Hello {
  principal: Principal;
  rules: RulesStatus;
}

// ---- events -----------------------------------------------------------------

export interface ClientToServerEvents {
  'recovery:recommend': (req: RecommendRequest, ack: AckFn<RecommendResult>) => void;
  'recovery:decide': (req: DecideRequest, ack: AckFn<DecideResult>) => void;
  'approval:list': (req: Record<string, never>, ack: AckFn<PendingApproval[]>) => void;
  'approval:decide': (req: ApprovalDecideRequest, ack: AckFn<{ entry_id: string }>) => void;
  /** A selection decided with one note: each request goes through approval:decide's checks and is logged on its own. */
  'approval:decide-many': (req: ApprovalDecideManyRequest, ack: AckFn<ApprovalDecideManyResult>) => void;
  'rules:status': (req: Record<string, never>, ack: AckFn<RulesStatus>) => void;
  'recovery:correct': (req: CorrectRequest, ack: AckFn<CorrectResult>) => void;
  /** The rules by label, for the staff's "Not the right problem?" picker. */
  'rules:list': (req: { lang?: string }, ack: AckFn<RuleChoice[]>) => void;
  /** What corrections say should change in the rules file. */
  'rules:suggest': (req: Record<string, never>, ack: AckFn<RuleSuggestions>) => void;
  'log:query': (req: LogQuery, ack: AckFn<LogPage>) => void;
  'log:entry': (req: { id: string }, ack: AckFn<LogEntryDetail>) => void;
  'log:export': (req: ExportRequest, ack: AckFn<{ filename: string; content: string }>) => void;
  'log:chain': (req: Record<string, never>, ack: AckFn<ChainStatus>) => void;
  /** The values in the log the filters can take, by name: for suggestions and name → id. */
  'log:suggest': (req: Record<string, never>, ack: AckFn<FilterSuggestions>) => void;
  /** An inclusion proof of one entry against a signed checkpoint, for auditors to download. */
  'log:prove': (req: { id: string }, ack: AckFn<ProofDownload>) => void;
  'stats:totals': (req: LogQuery, ack: AckFn<Totals>) => void;
  'stats:effectiveness': (req: { days: number }, ack: AckFn<Effectiveness>) => void;
  'stats:live': (req: Record<string, never>, ack: AckFn<LiveCounts>) => void;
  'stats:failures': (req: FailuresRequest, ack: AckFn<FailureSeries>) => void;
  'alert:list': (req: Record<string, never>, ack: AckFn<AlertView[]>) => void;
  'alert:close': (req: AlertCloseRequest, ack: AckFn<{ entry_id: string }>) => void;
}

export interface ServerToClientEvents {
  /** Sent once after connect. */
  'session:hello': (hello: Hello) => void;
  /** To managers overseeing the location. */
  'recovery:logged': (entry: EntryOf<'recommendation'>) => void;
  'recovery:decided': (entry: EntryOf<'decision'>) => void;
  'approval:requested': (pending: PendingApproval) => void;
  /** To managers, and to the staff member whose request it was. */
  'approval:decided': (entry: EntryOf<'approval'> & { request_id: string }) => void;
  /**
   * To managers of the location: a request is no longer open (staff put another gesture on the
   * table); `entry_id` is the request's, `ref` the recommendation's.
   */
  'approval:withdrawn': (w: { entry_id: string; ref: string; request_id: string }) => void;
  'rules:reloaded': (status: RulesStatus) => void;
  'rules:error': (status: RulesStatus) => void;
  /** An all-locations alert reaches each manager with only the failures they may see (see AlertView). */
  'alert:fired': (entry: EntryOf<'alert'> & { hidden_failures?: number }) => void;
  'alert:closed': (entry: EntryOf<'alert_closed'>) => void;
}

export const CLIENT_EVENTS = [
  'recovery:recommend',
  'recovery:decide',
  'approval:list',
  'approval:decide',
  'approval:decide-many',
  'rules:status',
  'recovery:correct',
  'rules:list',
  'rules:suggest',
  'log:query',
  'log:entry',
  'log:export',
  'log:chain',
  'log:suggest',
  'log:prove',
  'stats:totals',
  'stats:effectiveness',
  'stats:live',
  'stats:failures',
  'alert:list',
  'alert:close',
] as const satisfies readonly (keyof ClientToServerEvents)[];
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/**
 * Who may send which event. The server enforces it; the authorisation-matrix test reads it.
 * Staff recommend and decide; managers approve and watch; auditors read.
 */
export const EVENT_ROLES: Record<ClientEvent, readonly Role[]> = {
  'recovery:recommend': ['staff'],
  'recovery:decide': ['staff'],
  'approval:list': ['manager'],
  'approval:decide': ['manager'],
  'approval:decide-many': ['manager'],
  'rules:status': ['staff', 'manager', 'auditor'],
  'recovery:correct': ['staff'],
  'rules:list': ['staff', 'manager', 'auditor'],
  'rules:suggest': ['manager'],
  'log:query': ['manager', 'auditor'],
  'log:entry': ['manager', 'auditor'],
  'log:export': ['auditor'],
  'log:chain': ['auditor'],
  'log:suggest': ['auditor', 'manager'],
  'log:prove': ['auditor'],
  'stats:totals': ['auditor', 'manager'],
  'stats:effectiveness': ['manager', 'auditor'],
  'stats:live': ['manager'],
  'stats:failures': ['manager', 'auditor'],
  'alert:list': ['manager', 'auditor'],
  'alert:close': ['manager'],
};
