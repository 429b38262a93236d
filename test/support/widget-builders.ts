/** Builders for widget tests: a realistic recommendation and turns in each state. */
import type { GestureView, RecommendResult, Recommendation, RecoveryView } from '../../server/contract/index.ts';
import type { Turn } from '../../widget/chat/store.ts';

export function gesture(over: Partial<GestureView> = {}): GestureView {
  return { id: 'lunch', label: 'Lunch in our lobby café', value: 20, kind: 'attention', needs_approval: false, ...over };
}

export function recommendation(over: Partial<Recommendation> = {}): Recommendation {
  return {
    rule_id: 'parts-not-ordered',
    fallback: false,
    gesture: gesture(),
    alternatives: [gesture({ id: 'coffee', label: 'Coffee and a snack on us', value: 8 }), gesture({ id: 'discount', label: '10% off the repair', value: 35, kind: 'money', say: 'Take ten percent off, on us.' })],
    say: "We should have had your parts ready. That's on us.",
    needs_approval: false,
    repeat: false,
    rules_version: 'r-000000000000',
    currency: 'USD',
    read_from_text: {},
    explanation: {
      matched: [
        { term: 'never ordered', heard: 'never ordered', how: 'exact', score: 1 },
        { term: 'parts', heard: 'components', how: 'related', via: 'component', score: 0.6 },
      ],
      conditions: ['wait 45 min ≥ 30'],
      score: { text: 1.6, priority: 0, total: 1.6 },
      runner_up: { rule_id: 'long-wait', score: 0.9, why: 'fewer words matched' },
      notes: [],
    },
    ...over,
  };
}

export function result(over: Partial<Recommendation> = {}, approval: RecommendResult['approval'] = 'not_needed'): RecommendResult {
  return { entry_id: 'e000001-abcdef', recommendation: recommendation(over), approval };
}

export function doneTurn(over: Partial<Turn> = {}, rec: Partial<Recommendation> = {}, approval: RecommendResult['approval'] = 'not_needed'): Turn {
  return {
    id: 'req-1',
    text: 'The parts for his booked repair were never ordered',
    context: { lang: 'en' },
    state: 'done',
    result: result(rec, approval),
    decisions: [],
    ...over,
  };
}

/** Where the server says the recovery stands (the `state` of a decide or recommend answer). */
export function table(g: GestureView, over: Partial<RecoveryView> = {}): RecoveryView {
  return { gesture: g, say: g.say ?? 'Words for it.', phase: 'recommended', approval: g.needs_approval ? 'pending' : 'not_needed', ...over };
}
