/** Builders of realistic log entry bodies for the recovery-log tests. */
import type { DecisionBody, RecommendationBody, ApprovalBody, AlertFiredBody, AlertClosedBody, Outcome } from '../../server/contract/log-entry.ts';

let n = 0;

export function recBody(over: Partial<RecommendationBody> = {}): RecommendationBody {
  n++;
  return {
    type: 'recommendation',
    request_id: `req-${n}-${Math.random().toString(36).slice(2, 8)}`,
    actor: { token_id: 'tok-ana', name: 'Ana', role: 'staff' },
    location: 'des-moines',
    description: 'Guest waited 45 minutes for the room; the AC was banging all night.',
    context: { wait_minutes: 45, customer_tier: 'gold' },
    rules_version: 'sha256:4be1c0ffee',
    rule_id: 'long-wait',
    fallback: false,
    gesture: { id: 'free-breakfast', label: 'Free breakfast', value: 18, kind: 'money' },
    alternatives: [
      { id: 'late-checkout', label: 'Late checkout', value: 0, kind: 'upgrade' },
      { id: 'apology-note', label: 'Handwritten apology', value: 0, kind: 'attention' },
    ],
    value: 18,
    needs_approval: false,
    repeat: false,
    explanation: {
      matched: [{ term: 'wait', heard: 'waited', how: 'stem', score: 0.9 }],
      conditions: ['wait 45 min ≥ 30'],
      score: { text: 0.9, priority: 2, total: 2.9 },
      notes: [],
    },
    ...over,
  };
}

export function decisionBody(ref: string, outcome: Outcome = 'accepted', over: Partial<DecisionBody> = {}): DecisionBody {
  return {
    type: 'decision',
    ref,
    request_id: 'req-x',
    actor: { token_id: 'tok-ana', name: 'Ana', role: 'staff' },
    location: 'des-moines',
    outcome,
    gesture_id: 'free-breakfast',
    reaction: 'satisfied',
    ...over,
  };
}

export function approvalBody(ref: string, approved = true, over: Partial<ApprovalBody> = {}): ApprovalBody {
  return { type: 'approval', ref, actor: { token_id: 'tok-mo', name: 'Mo', role: 'manager' }, location: 'des-moines', approved, ...over };
}

export function alertBody(failures: string[], over: Partial<AlertFiredBody> = {}): AlertFiredBody {
  return { type: 'alert', alert_id: 'al-1', rule_id: 'hvac-quorum', scope: 'per-location', location: 'des-moines', count: failures.length, within_minutes: 60, failures, ...over };
}

export function alertClosedBody(ref: string, over: Partial<AlertClosedBody> = {}): AlertClosedBody {
  return { type: 'alert_closed', ref, actor: { token_id: 'tok-mo', name: 'Mo', role: 'manager' }, root_cause: 'Broken chiller', fix: 'Replaced the compressor', ...over };
}
