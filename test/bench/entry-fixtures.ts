/**
 * Realistic log entries for the append and startup benches: recommendations with an
 * explanation and alternatives, each mostly followed by its decision — what a busy front
 * desk really writes. Deterministic for a seed.
 *
 * Bodies are built with their keys already in sorted order at every level, so the 1M-entry
 * fixture can be sealed with the native JSON.stringify (several times faster than the
 * generic canonicalJson); log-probe checks the two agree before trusting it.
 */
import type { AlertFiredBody, DecisionBody, EntryBody, LoggedGesture, RecommendationBody } from '../../server/contract/log-entry.ts';
import { description, rng } from './descriptions.ts';

const LOCATIONS = ['des-moines', 'pasadena', 'austin', 'portland', 'boise', 'tampa', 'reno', 'omaha'];
const GESTURES: LoggedGesture[] = [
  { id: 'coffee', kind: 'attention', label: 'Coffee and a snack on us', value: 8 },
  { id: 'lunch', kind: 'attention', label: 'Lunch in our lobby café', value: 20 },
  { id: 'loaner', kind: 'redo', label: 'Complimentary loaner car', value: 90 },
  { id: 'refund-10', kind: 'money', label: '10% off the bill', value: 15 },
  { id: 'room-upgrade', kind: 'upgrade', label: 'Upgrade to a suite', value: 60 },
  { id: 'dessert', kind: 'attention', label: 'Dessert on the house', value: 9 },
];
const RULES = ['parts-not-ordered', 'long-wait', 'room-not-ready', 'billing-error', 'wrong-order', 'noise', 'dirty-room', 'rude-staff'];
const OUTCOMES = ['offered', 'accepted', 'accepted', 'declined', 'swapped'] as const;
const REACTIONS = ['delighted', 'satisfied', 'neutral', 'upset'] as const;

/** `make(n, previousId)` gives the body of entry n; a decision refers to the recommendation before it. */
export function entryMaker(seed: number): (n: number, previousId?: string) => EntryBody {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let last: RecommendationBody | null = null;
  return (n, previousId) => {
    if (last && r() < 0.45) {
      const rec: RecommendationBody = last;
      last = null;
      const d: DecisionBody = {
        actor: rec.actor,
        gesture_id: rec.gesture.id,
        location: rec.location,
        outcome: pick(OUTCOMES),
        reaction: pick(REACTIONS),
        ref: previousId ?? `e${String(n - 1).padStart(6, '0')}-000000`,
        request_id: rec.request_id,
        type: 'decision',
      };
      return d;
    }
    const staff = Math.floor(r() * 400);
    const gesture = pick(GESTURES);
    const rule = r() < 0.9 ? pick(RULES) : null;
    const x = r();
    const wait = Math.floor(r() * 120);
    const context =
      x < 0.3 ? {} : x < 0.7 ? { wait_minutes: wait } : { amount_paid: Math.floor(r() * 400), customer_tier: r() < 0.5 ? 'gold' : 'standard', wait_minutes: wait };
    const rec: RecommendationBody = {
      actor: { name: `Staff ${staff}`, role: 'staff', token_id: `t${staff}` },
      alternatives: GESTURES.filter((g) => g.id !== gesture.id).slice(0, 2),
      context,
      description: description(r),
      explanation: {
        conditions: wait >= 30 ? [`wait ${wait} min ≥ 30`] : [],
        matched: [{ heard: 'parts were never ordered', how: 'gap', score: 0.8, term: 'parts not ordered' }],
        notes: [],
        score: { priority: 20, text: 0.8, total: 20.8 },
      },
      fallback: rule === null,
      gesture,
      location: pick(LOCATIONS),
      needs_approval: gesture.value > 25,
      repeat: r() < 0.05,
      request_id: `req-${seed}-${n}-${Math.floor(r() * 1e9).toString(36)}`,
      rule_id: rule,
      rules_version: 'r-3f9a1c20b7d1',
      type: 'recommendation',
      value: gesture.value,
    };
    last = rec;
    return rec;
  };
}

/** The alert a quorum fixture is built for (a rules file's `alerts[]` item). */
export interface QuorumAlert {
  id: string;
  rule: string;
  count: number;
  within_minutes: number;
  scope: 'per-location' | 'all-locations';
  message?: string;
}

/**
 * A log where every recommendation is a failure of `alert.rule` (issue 11's "alert window
 * holding 100,000 failures"): entry 1..count are the failures that fired the alert, entry
 * count+1 is the alert entry (so the incident is open, as it would be live), the rest are
 * further failures of the same incident. `idOf(seq)` names entries (fixture-fill.ts).
 */
export function quorumMaker(seed: number, alert: QuorumAlert, idOf: (seq: number) => string): (n: number) => EntryBody {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const gesture = GESTURES[2]!;
  return (n) => {
    if (n === alert.count + 1) {
      const fired: AlertFiredBody = {
        alert_id: alert.id,
        count: alert.count,
        failures: Array.from({ length: alert.count }, (_, i) => idOf(i + 1)),
        ...(alert.scope === 'per-location' ? { location: LOCATIONS[0]! } : {}),
        ...(alert.message ? { message: alert.message } : {}),
        rule_id: alert.rule,
        scope: alert.scope,
        type: 'alert',
        within_minutes: alert.within_minutes,
      };
      return fired;
    }
    const staff = Math.floor(r() * 400);
    const rec: RecommendationBody = {
      actor: { name: `Staff ${staff}`, role: 'staff', token_id: `t${staff}` },
      alternatives: GESTURES.filter((g) => g.id !== gesture.id).slice(0, 2),
      context: {},
      description: description(r),
      explanation: {
        conditions: [],
        matched: [{ heard: 'parts were never ordered', how: 'gap', score: 0.8, term: 'parts not ordered' }],
        notes: [],
        score: { priority: 20, text: 0.8, total: 20.8 },
      },
      fallback: false,
      gesture,
      // Per-location alerts count per location: keep every failure at one place so one window holds them all.
      location: alert.scope === 'per-location' ? LOCATIONS[0]! : pick(LOCATIONS),
      needs_approval: gesture.value > 25,
      repeat: false,
      request_id: `req-q${seed}-${n}-${Math.floor(r() * 1e9).toString(36)}`,
      rule_id: alert.rule,
      rules_version: 'r-3f9a1c20b7d1',
      type: 'recommendation',
      value: gesture.value,
    };
    return rec;
  };
}
