/**
 * What still has to reach the server, read from the state (pure). Because the state is what
 * survives a reload, a request typed offline is still here after one, with its requestId.
 */
import type { Ack, CorrectRequest, DecideRequest, RecommendContext, RecommendRequest } from '../../server/contract/index.ts';
import { parseAmount } from './amount.ts';
import type { Action } from './store.ts';
import { approvalNow, type Chips, type State } from './store.ts';

export type Send =
  | { key: string; id: string; event: 'recovery:recommend'; payload: RecommendRequest }
  | { key: string; id: string; index: number; event: 'recovery:decide'; payload: DecideRequest }
  /** The rule picker's list, and a chosen rule: `done` turns the ack into the action. */
  | { key: string; id: string; event: 'rules:list' | 'recovery:correct'; payload: CorrectRequest | { lang: string; requestId?: never }; done: (ack: Ack<any>) => Action };

/**
 * `connects` counts connections: a request still waiting for a manager is asked again once per
 * connection (key "id@n"), because an approval:decided sent while we were away is lost; the
 * same requestId makes it a read that answers the approval as it stands and logs nothing.
 */
export function pendingSends(s: State, connects = 0): Send[] {
  const out: Send[] = [];
  for (const t of s.turns) {
    const waiting = connects > 0 && t.state === 'done' && approvalNow(t) === 'pending';
    if (t.state === 'pending' || waiting) {
      const payload: RecommendRequest = { requestId: t.id, description: t.text, context: t.context };
      out.push({ key: waiting ? `${t.id}@${connects}` : t.id, id: t.id, event: 'recovery:recommend', payload });
    }
    if (t.pick === true) {
      out.push({ key: `${t.id}?`, id: t.id, event: 'rules:list', payload: { lang: s.lang }, done: (ack) => ({ type: 'pick', id: t.id, open: true, rules: ack.ok ? ack.data : [] }) });
    }
    if (t.fix?.state === 'pending') {
      const payload = { requestId: t.id, ruleId: t.fix.ruleId };
      out.push({ key: `${t.id}!${t.fix.ruleId}`, id: t.id, event: 'recovery:correct', payload, done: (ack) => ({ type: 'corrected', id: t.id, ack }) });
    }
    // Decisions go one at a time, in the order they were made.
    const index = t.decisions.findIndex((d) => d.state === 'pending');
    const d = t.decisions[index];
    if (t.state !== 'done' || !d) continue;
    const payload: DecideRequest = { requestId: t.id, outcome: d.outcome, gestureId: d.gestureId };
    if (d.reaction) payload.reaction = d.reaction;
    if (d.reason) payload.correction = { reason: d.reason };
    out.push({ key: `${t.id}#${index}`, id: t.id, index, event: 'recovery:decide', payload });
  }
  return out;
}

export const NUMERIC: string[] = ['wait_minutes', 'amount_paid'];

/** The numeric chips holding text that is not a number: the widget says what to type instead of sending. */
export const badChips = (chips: Chips): string[] => NUMERIC.filter((k) => chips[k as keyof Chips]?.trim() && parseAmount(chips[k as keyof Chips]!) === undefined);

/**
 * The context sent with a request: the chips that hold a usable value (numbers, with a currency
 * sign or a decimal comma if staff like, zero or more: "abc" or "-5" is left out rather than sent to be refused; the panel
 * refuses to send those first), plus language and location.
 */
export function buildContext(chips: Chips, lang: string, location?: string): RecommendContext {
  const c: Record<string, unknown> = { lang };
  for (const [k, raw] of Object.entries(chips)) {
    const v = raw?.trim();
    if (!v) continue;
    if (!NUMERIC.includes(k)) c[k] = v;
    else if (parseAmount(v) !== undefined) c[k] = parseAmount(v);
  }
  if (location) c.location = location;
  return c as RecommendContext;
}
