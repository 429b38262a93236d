/**
 * The widget's one store: the conversation, what still has to reach the server, and the
 * connection status. `reduce` is pure; components get slices of the state as props.
 */
import type {
  Ack, CorrectResult, DecideResult, GestureView, Outcome, Reaction, RecommendContext, RecommendResult, RecoveryView, RuleChoice, WireError,
} from '../../server/contract/index.ts';
import type { Lang } from './messages.ts';

export type Status = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type ChipKey = 'wait_minutes' | 'customer_tier' | 'customer_ref' | 'amount_paid';
/** Raw text typed into the context chips, turned into a RecommendContext on send. */
export type Chips = Partial<Record<ChipKey, string>>;
export type SendState = 'pending' | 'done' | 'error';

export interface Decision {
  outcome: Outcome;
  gestureId: string;
  reaction?: Reaction;
  /** Why staff change a final outcome (sent as `correction: { reason }`). */
  reason?: string;
  state: SendState;
  error?: WireError;
}

export interface Turn {
  /** The requestId: made here, reused on every retry so the server can dedupe. */
  id: string;
  text: string;
  context: RecommendContext;
  state: SendState;
  result?: RecommendResult;
  error?: WireError;
  /** A manager's live verdict on the gesture on the table (dropped when another gesture replaces it). */
  approval?: { approved: boolean; note?: string };
  decisions: Decision[];
  /** Where the server says the recovery stands: the gesture on the table, its words and approval. */
  table?: RecoveryView;
  /** "Not the right problem?" is open: true while the rules load, then the rules by label. */
  pick?: true | RuleChoice[];
  /** A rule staff chose, on its way to the server (recovery:correct); kept with its error if refused. */
  fix?: { ruleId: string; state: SendState; error?: WireError };
  /** The reason box for changing a final outcome is open. */
  change?: true;
}

export interface State {
  status: Status;
  /** Why the server refused the connection (bad token), if it did. */
  refused?: WireError;
  open: boolean;
  lang: Lang;
  draft: string;
  chips: Chips;
  turns: Turn[];
}

export type Action =
  /** Plain settings: open/closed, language, the text being typed, connection status. */
  | ({ type: 'set' } & Partial<Pick<State, 'open' | 'lang' | 'draft' | 'status' | 'refused'>>)
  | { type: 'clear' }
  | { type: 'chip'; key: ChipKey; value: string | undefined }
  | { type: 'submit'; id: string; text: string; context: RecommendContext }
  | { type: 'recommended'; id: string; ack: Ack<RecommendResult> }
  | { type: 'retry'; id: string }
  | { type: 'decide'; id: string; outcome: Outcome; gestureId: string; reason?: string }
  | { type: 'change'; id: string; open: boolean }
  | { type: 'react'; id: string; reaction: Reaction }
  | { type: 'decided'; id: string; index: number; ack: Ack<DecideResult> }
  | { type: 'approval'; requestId: string; approved: boolean; note?: string; gestureId?: string }
  /** Opens (rules undefined → loading), fills (rules) or closes (open false) a turn's rule picker. */
  | { type: 'pick'; id: string; open: boolean; rules?: RuleChoice[] }
  | { type: 'correct'; id: string; ruleId: string }
  | { type: 'corrected'; id: string; ack: Ack<CorrectResult> };

export const initialState = (lang: Lang = 'en'): State => ({ status: 'connecting', open: false, lang, draft: '', chips: {}, turns: [] });

const MAX_TURNS = 50;

const mapTurn = (s: State, id: string, f: (t: Turn) => Turn): State => ({ ...s, turns: s.turns.map((t) => (t.id === id ? f(t) : t)) });

/**
 * The gesture on the table now, as the server last said (a swap shows once the server took it:
 * it may refuse it); the recommended one before that.
 */
export const currentGesture = (t: Turn): GestureView | undefined => t.table?.gesture ?? t.result?.recommendation.gesture;

/** The manager's answer for the gesture on the table: a live verdict, else what the server last said. */
export const approvalNow = (t: Turn): RecommendResult['approval'] =>
  t.approval ? (t.approval.approved ? 'approved' : 'declined') : (t.table ?? t.result)?.approval ?? 'not_needed';

/** The last outcome chosen (reactions repeat it, so they are skipped). */
export const lastOutcome = (t: Turn): Decision | undefined => [...t.decisions].reverse().find((d) => !d.reaction);

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'set': {
      const { type, ...patch } = a;
      return { ...s, ...patch };
    }
    case 'clear':
      return { ...s, turns: [], draft: '', chips: {} };
    case 'chip': {
      const chips = { ...s.chips };
      if (a.value === undefined) delete chips[a.key];
      else chips[a.key] = a.value;
      return { ...s, chips };
    }
    case 'submit': {
      const text = a.text.trim();
      if (!text || s.turns.some((t) => t.id === a.id)) return s;
      const turn: Turn = { id: a.id, text, context: a.context, state: 'pending', decisions: [] };
      // The chips stay: they describe this customer until staff clear the chat.
      return { ...s, draft: '', turns: [...s.turns, turn].slice(-MAX_TURNS) };
    }
    case 'recommended':
      return mapTurn(s, a.id, (t) =>
        a.ack.ok ? { ...t, state: 'done', result: a.ack.data, error: undefined, table: a.ack.data.state ?? t.table } : { ...t, state: 'error', error: a.ack.error },
      );
    case 'retry':
      return mapTurn(s, a.id, (t) => (t.state === 'error' ? { ...t, state: 'pending', error: undefined } : t));
    case 'decide':
      return mapTurn(s, a.id, ({ change, ...t }) => (t.result ? { ...t, decisions: [...t.decisions, { outcome: a.outcome, gestureId: a.gestureId, reason: a.reason, state: 'pending' }] } : t));
    case 'change':
      return mapTurn(s, a.id, ({ change, ...t }) => (a.open ? { ...t, change: true } : t));
    case 'react':
      return mapTurn(s, a.id, (t) => {
        const last = lastOutcome(t);
        return last ? { ...t, decisions: [...t.decisions, { outcome: last.outcome, gestureId: last.gestureId, reaction: a.reaction, state: 'pending' }] } : t;
      });
    case 'decided':
      return mapTurn(s, a.id, (t) => ({
        ...t,
        ...(a.ack.ok && a.ack.data.state ? { table: a.ack.data.state, approval: a.ack.data.state.gesture.id === currentGesture(t)?.id ? t.approval : undefined } : {}),
        decisions: t.decisions.map((d, i) =>
          i !== a.index ? d : a.ack.ok ? { ...d, state: 'done', error: undefined } : { ...d, state: 'error', error: a.ack.error },
        ),
      }));
    case 'pick':
      // The rules arriving never reopen a picker staff closed while they loaded.
      return mapTurn(s, a.id, ({ pick, ...t }) => (a.open && (pick || !a.rules) ? { ...t, pick: a.rules ?? pick ?? true } : t));
    case 'correct':
      return mapTurn(s, a.id, ({ pick, ...t }) => ({ ...t, fix: { ruleId: a.ruleId, state: 'pending' } }));
    case 'corrected':
      // The recommendation under the chosen rule replaces the old one in place: a fresh card.
      return mapTurn(s, a.id, ({ fix, approval, ...t }) =>
        a.ack.ok
          ? { ...t, result: a.ack.data, table: a.ack.data.state, decisions: [] }
          : { ...t, approval, fix: { ruleId: fix?.ruleId ?? '', state: 'error', error: a.ack.error } },
      );
    case 'approval': {
      const approval = a.note ? { approved: a.approved, note: a.note } : { approved: a.approved };
      // A verdict on a gesture no longer on the table (staff swapped meanwhile) changes nothing.
      return mapTurn(s, a.requestId, (t) => (a.gestureId && a.gestureId !== currentGesture(t)?.id ? t : { ...t, approval }));
    }
  }
}

/** What components call to change the state. */
export type Act = (a: Action) => void;

export interface Store {
  get(): State;
  dispatch(a: Action): void;
  subscribe(f: () => void): () => void;
}

export function createStore(init: State): Store {
  let state = init;
  const subs = new Set<() => void>();
  return {
    get: () => state,
    dispatch(a) {
      const next = reduce(state, a);
      if (next !== state) {
        state = next;
        subs.forEach((f) => f());
      }
    },
    subscribe(f) {
      subs.add(f);
      return () => void subs.delete(f);
    },
  };
}
