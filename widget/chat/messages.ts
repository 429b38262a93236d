/**
 * Every string the widget shows, in English and Spanish. Components never hold text of their own.
 * Placeholders are `{0}`, `{1}`: fill them with fmt().
 */
import type { ErrorCode, Outcome, Reaction } from '../../server/contract/index.ts';

export const en = {
  launcher: 'Recovery help',
  title: 'Make it good',
  close: 'Close',
  clear: 'Clear chat',
  conversation: 'Conversation',
  status: {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline: will send when back',
  },
  empty: 'Type what went wrong.',
  input: 'What went wrong?',
  placeholder: 'e.g. Parts for his repair were never ordered',
  hint: 'Enter sends, Shift+Enter: new line',
  send: 'Send',
  chips: { wait_minutes: 'Waited (min)', customer_tier: 'Customer tier', customer_ref: 'Customer ref', amount_paid: 'Amount paid' },
  remove: 'Remove {0}',
  bad: 'Type digits, like 12.50',
  you: 'You',
  queued: 'Queued: sends when connected',
  sending: 'Finding a gesture…',
  read: 'Read: waited {0} min',
  recommendation: 'Recommendation: {0}',
  say: 'Words to say',
  copy: 'Copy words',
  copied: 'Copied',
  alternatives: 'Or offer instead',
  why: 'Why this gesture?',
  problem: 'Problem: {0}',
  matched: 'Matched',
  via: 'via',
  conditions: 'Conditions',
  runnerUp: 'Close second: {0}',
  learned: { correction: 'Learned from a staff correction', file: "Like an example in the manager's list", corpus: 'Like past complaints of this kind' },
  fallback: 'No rule matched: general gesture',
  repeat: 'Repeat customer',
  approvalWaiting: 'Needs manager approval: waiting…',
  approved: 'Manager approved',
  approvalDeclined: 'Manager declined',
  outcome: 'Outcome',
  outcomes: { offered: 'Offer', accepted: 'Accepted', declined: 'Declined', swapped: 'Swapped' } satisfies Record<Outcome, string>,
  swappedTo: 'Swapped to {0}',
  notRight: 'Not the right problem?',
  pick: 'Which problem was it?',
  saving: 'Saving…',
  reaction: 'Customer reaction',
  changeTo: 'Change to {0}',
  changeWhy: 'Why change it to {0}?',
  reactions: { delighted: 'Delighted', satisfied: 'Satisfied', neutral: 'Neutral', upset: 'Upset' } satisfies Record<Reaction, string>,
  retry: 'Try again',
  errors: {
    invalid_payload: 'Not accepted: {0}',
    unauthorized: 'Staff token refused. Ask a manager for a new one.',
    forbidden: 'This token may not ask for gestures.',
    not_found: 'Unknown request: {0}',
    conflict: 'Not possible: {0}',
    rate_limited: 'Too many requests. Wait a moment, then try again.',
    unavailable: 'Nothing was saved (log unavailable). Try again shortly.',
    internal: 'Server error. Try again.',
  } satisfies Record<ErrorCode, string>,
};

export type Messages = typeof en;

/** Loaded packs. English ships in widget.js; Spanish arrives on demand from widget-es.js. */
export const LANGS: { [L in Lang]?: Messages } = { en };
export type Lang = 'en' | 'es';
export const isLang = (x: unknown): x is Lang => x === 'en' || x === 'es';
export const strings = (l: Lang): Messages => LANGS[l] ?? en;

/** True when `x` has every string `en` has, nested the same way (a pack from the network is checked). */
export function isPack(x: unknown, like: object = en): x is Messages {
  return typeof x === 'object' && x !== null &&
    Object.entries(like).every(([k, v]) => (typeof v === 'string' ? typeof (x as any)[k] === 'string' : isPack((x as any)[k], v)));
}

export const fmt = (s: string, ...args: unknown[]): string => s.replace(/\{(\d)\}/g, (_, i: string) => String(args[+i] ?? ''));
