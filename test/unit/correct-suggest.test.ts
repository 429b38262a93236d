/** Recommending under a rule staff chose, and what corrections suggest to managers (pure parts). */
import { describe, expect, it } from 'vitest';
import { recommendUnder, ruleLabel } from '../../server/rules/recommend-under.ts';
import { suggestChanges, type CorrectionFact } from '../../server/rules/suggest-changes.ts';
import { ask, doc, engine, mentions } from '../support/rules-builders.ts';

const rules = [
  mentions('noise', ['noise', 'loud'], { offer: ['dessert', 'coffee'], say: 'Sorry about the noise.' }),
  mentions('broken-fixture', ['broken', 'tv'], { offer: ['coffee'] }),
  mentions('lost-booking', ['booking', 'reservation'], { offer: ['loaner', 'lunch', 'refund'] }),
];

describe('recommendUnder()', () => {
  const e = engine({ rules, approval_above: 25, value_cap_percent: 100 });

  it('gives the chosen rule\'s first fitting gesture and its words, saying staff chose it', () => {
    const r = recommendUnder(e, 'noise', { description: 'tv blasting next door' }, 'broken-fixture');
    expect(r).toMatchObject({ rule_id: 'noise', fallback: false, gesture: { id: 'dessert' }, say: 'Sorry about the noise.', rules_version: e.version });
    expect(r?.alternatives.map((g) => g.id)).toEqual(['coffee']);
    expect(r?.explanation.notes[0]).toBe('chosen by staff instead of "broken-fixture"');
    expect(recommendUnder(e, 'noise', { description: 'x' }, null)?.explanation.notes[0]).toBe('chosen by staff instead of the fallback');
  });

  it('applies the same limits as when the rule fires by itself: only_at, value cap, approval, repeat', () => {
    const under = (ctx: object, previous?: number) => recommendUnder(e, 'lost-booking', { description: 'they lost it', context: ctx, ...(previous !== undefined ? { previous_recoveries: previous } : {}) }, null);
    const fired = (ctx: object, previous?: number) => ask(e, 'the booking vanished', ctx, previous);
    for (const [ctx, prev] of [[{}, undefined], [{ location: 'pasadena' }, undefined], [{ amount_paid: 25 }, undefined], [{ location: 'pasadena' }, 1]] as const) {
      const a = under(ctx, prev);
      const b = fired(ctx, prev);
      expect(b.rule_id).toBe('lost-booking');
      expect([a?.gesture.id, a?.needs_approval, a?.repeat, a?.alternatives.map((g) => g.id)]).toEqual([b.gesture.id, b.needs_approval, b.repeat, b.alternatives.map((g) => g.id)]);
    }
    expect(under({})?.needs_approval).toBe(true); // the loaner (90) is over 25
  });

  it('answers null for a rule the file does not have', () => {
    expect(recommendUnder(e, 'nosie', { description: 'x' }, null)).toBeNull();
  });

  it('names rules by label in the staff language, else by a readable id', () => {
    expect(ruleLabel({ id: 'parts-not-ordered' }, ['en'])).toBe('Parts not ordered');
    expect(ruleLabel({ id: 'noise', label: { en: 'Noise complaint', es: 'Queja por ruido' } }, ['es', 'en'])).toBe('Queja por ruido');
    expect(ruleLabel({ id: 'noise', label: 'Noise complaint' }, ['es'])).toBe('Noise complaint');
  });
});

const fact = (text: string, rule_id: string, engine_rule: string | null, location: string, matched: string[] = []): CorrectionFact => ({
  text,
  rule_id,
  engine_rule,
  location,
  from: 'correction by Ana, 2026-11-30',
  matched,
});

describe('suggestChanges()', () => {
  const rulesDoc = doc({ rules });
  const nowGoesTo = (map: Record<string, string | null>) => (text: string) => (text in map ? (map[text] as string | null) : 'noise');

  it("lists words corrections keep adding to a rule: \"'blaring' → noise, 3 corrections, 2 locations\"", () => {
    const corrections = [
      fact('tv next door blaring till 2am', 'noise', 'broken-fixture', 'downtown', ['tv']),
      fact('music blaring upstairs', 'noise', null, 'downtown'),
      fact('someone blaring a radio in the hall', 'noise', null, 'airport'),
      fact('the blaring alarm clock in 210', 'broken-fixture', 'noise', 'airport'),
    ];
    const out = suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: nowGoesTo({}) });
    const blaring = out.find((s) => s.kind === 'add-words' && s.phrase === 'blaring');
    expect(blaring).toMatchObject({ rule_id: 'noise', corrections: 3, locations: 2, summary: "'blaring' → noise, 3 corrections, 2 locations", edit: { op: 'add-mention', rule_id: 'noise', phrase: 'blaring' } });
    // 'tv' is another rule's word: suggesting it would only move the conflict.
    expect(out.some((s) => s.kind === 'add-words' && s.phrase === 'tv')).toBe(false);
    // Numbered from 1, in order.
    expect(out.map((s) => s.n)).toEqual(out.map((_, i) => i + 1));
  });

  it('leaves out words that are already the rule\'s, stopwords, numbers, and words shared across rules', () => {
    const corrections = [
      fact('so loud in room 210 the guest left', 'noise', null, 'a'),
      fact('loud in room 210 again the guest said', 'noise', null, 'b'),
      fact('the guest said room 210 booking is gone', 'lost-booking', null, 'a'),
      fact('guest said their booking vanished', 'lost-booking', null, 'b'),
    ];
    const phrases = suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: nowGoesTo({}) }).filter((s) => s.kind === 'add-words').map((s) => (s.kind === 'add-words' ? s.phrase : ''));
    expect(phrases).not.toContain('loud'); // already noise's
    expect(phrases).not.toContain('210');
    expect(phrases).not.toContain('the');
    expect(phrases).not.toContain('guest'); // in corrections to two rules
    expect(phrases).not.toContain('said');
  });

  it('lists rules staff keep correcting away from, with the rule chosen instead and the word to blame', () => {
    const corrections = [
      fact('guests in 210 blasting their tv', 'noise', 'broken-fixture', 'a', ['tv']),
      fact('tv thumping through the wall', 'noise', 'broken-fixture', 'b', ['tv']),
      fact('broken sleep, the kids next door', 'noise', 'broken-fixture', 'b', ['broken']),
    ];
    const away = suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: nowGoesTo({}) }).find((s) => s.kind === 'corrected-away');
    expect(away).toMatchObject({
      rule_id: 'broken-fixture',
      to_rule: 'noise',
      corrections: 3,
      locations: 2,
      blamed: 'tv',
      summary: "broken-fixture corrected to noise: 3 corrections, 2 locations; its word 'tv' matched",
      edit: { op: 'remove-mention', rule_id: 'broken-fixture', phrase: 'tv' },
    });
  });

  it('lists labelled examples the rules now send elsewhere, and ones whose rule is gone', () => {
    const corrections = [fact('my reservation evaporated', 'lost-booking', null, 'a'), fact('the fridge hums loudly', 'broken-fixture', 'noise', 'a')];
    const out = suggestChanges({
      corrections,
      rules: rulesDoc.rules,
      ruleFor: nowGoesTo({ 'my reservation evaporated': 'lost-booking', 'the fridge hums loudly': 'noise', 'wifi keeps dropping': null }),
      examples: [{ text: 'wifi keeps dropping', rule_id: 'internet', from: 'example from examples/cases.jsonl:3' }],
    });
    const drift = out.filter((s) => s.kind === 'drifted');
    expect(drift).toMatchObject([
      { text: 'the fridge hums loudly', rule_id: 'broken-fixture', now: 'noise', rule_gone: false, summary: "'the fridge hums loudly' was labelled broken-fixture, now goes to noise (correction by Ana, 2026-11-30)" },
      { text: 'wifi keeps dropping', rule_id: 'internet', now: null, rule_gone: true, summary: "'wifi keeps dropping' was labelled internet, which is no longer in the rules (example from examples/cases.jsonl:3)" },
    ]);
    // One text alone is not enough to pick a word to add; a rule that is gone has nothing to edit.
    expect(drift.map((d) => d.edit)).toEqual([undefined, undefined]);
  });

  it('applies a drifted correction with a word the corrections agree on, and sends each text with its logged context', () => {
    const seen: unknown[] = [];
    const corrections = [
      { ...fact('the fridge hums all night', 'noise', 'broken-fixture', 'a'), context: { location: 'a', wait_minutes: 5 } },
      fact('fridge hums, kept her up', 'noise', 'broken-fixture', 'b'),
    ];
    const out = suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: (text, context) => (seen.push(context), text.startsWith('the') ? 'broken-fixture' : 'noise') });
    expect(out.find((s) => s.kind === 'drifted')).toMatchObject({ text: 'the fridge hums all night', edit: { op: 'add-mention', rule_id: 'noise', phrase: expect.stringMatching(/fridge|hums/) } });
    expect(seen).toEqual([{ location: 'a', wait_minutes: 5 }, { location: 'b' }]);
  });

  it('does not suggest a word that is part of another rule\'s phrase', () => {
    const withPhrase = doc({ rules: [...rules, mentions('repeat-repair', ['check engine light'])] });
    const corrections = [fact('check engine light on again', 'noise', null, 'a'), fact('the check engine light came on', 'noise', null, 'b')];
    const phrases = suggestChanges({ corrections, rules: withPhrase.rules, ruleFor: () => 'noise' }).flatMap((s) => (s.kind === 'add-words' ? [s.phrase] : []));
    expect(phrases.filter((p) => /check|engine|light/.test(p))).toEqual([]);
  });

  it('needs `min` corrections before it suggests anything', () => {
    const corrections = [fact('music blaring upstairs', 'noise', 'broken-fixture', 'a')];
    const out = suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: nowGoesTo({}) });
    expect(out.filter((s) => s.kind !== 'drifted')).toEqual([]);
    expect(suggestChanges({ corrections, rules: rulesDoc.rules, ruleFor: nowGoesTo({}), min: 1 }).some((s) => s.kind === 'add-words')).toBe(true);
  });
});

describe('stats after a rule correction', () => {
  it('count the recovery for the rule staff chose, with the gesture then decided and its value', async () => {
    const { settle } = await import('../../server/stats/settle.ts');
    const { effectiveness } = await import('../../server/stats/effectiveness.ts');
    const { rec, decision } = await import('../support/console-fixtures.ts');
    const r = rec({ rule: 'broken-fixture', gesture: 'coffee', value: 5, at: new Date().toISOString() });
    const correction = {
      ...decision(r, 'offered'),
      type: 'correction' as const,
      description: r.description,
      engine_rule: 'broken-fixture',
      from_rule: 'broken-fixture',
      rule_id: 'noise',
      rules_version: 'r-test',
      gesture: { id: 'room-move', label: 'room-move', value: 0, kind: 'redo' as const },
      alternatives: [{ id: 'dessert', label: 'dessert', value: 12, kind: 'attention' as const }],
      value: 0,
      needs_approval: false,
      repeat: false,
      say: 'Let me move you.',
      explanation: r.explanation,
    };
    const { outcome: _o, gesture_id: _g, ...body } = correction;
    const accepted = { ...decision(r, 'accepted', { gesture: 'room-move' }), seq: correction.seq + 1 };
    const s = settle([r, body as never, accepted]).get(r.id);
    expect(s).toMatchObject({ rule: 'noise', gesture_id: 'room-move', value: 0, outcome: 'accepted', recommended: 'coffee', recommended_value: 5 });
    expect(effectiveness(settle([r, body as never, accepted]).values(), 7, new Date()).by_rule.map((x) => [x.key, x.accepted])).toEqual([['noise', 1]]);
  });
});

describe('recovery state after a rule correction', () => {
  it('puts the corrected recommendation on the table: back to recommended, its own approval, its gestures to choose from', async () => {
    const { replay, offeredNow, trail, judge } = await import('../../server/contract/recovery-state.ts');
    const { rec, decision } = await import('../support/console-fixtures.ts');
    const r = rec({ rule: 'broken-fixture', gesture: 'coffee', value: 5, alternatives: [{ id: 'dessert', value: 12 }] });
    const offered = decision(r, 'offered');
    const base = decision(r, 'offered');
    const { outcome: _o, gesture_id: _g, ...rest } = base;
    const corr = {
      ...rest,
      type: 'correction' as const,
      description: r.description,
      engine_rule: 'broken-fixture',
      from_rule: 'broken-fixture',
      rule_id: 'lost-booking',
      rules_version: 'r-test',
      gesture: { id: 'free-night', label: 'A free night', value: 180, kind: 'upgrade' as const },
      alternatives: [{ id: 'upgrade', label: 'Upgrade', value: 60, kind: 'upgrade' as const }],
      value: 180,
      needs_approval: true,
      repeat: false,
      say: 'Your next night is on us.',
      explanation: r.explanation,
    };
    const s = replay(r, [offered, corr]);
    expect(s).toMatchObject({ gesture: 'free-night', value: 180, phase: 'recommended', needs: true, approval: 'pending', request: corr.id, say: 'Your next night is on us.', corrected: { id: corr.id, rule_id: 'lost-booking' } });
    expect(offeredNow(r, s).map((g) => g.id)).toEqual(['free-night', 'upgrade']);
    // Waiting for a manager: it cannot be offered yet; the old gesture is no longer on the table.
    expect(judge(s, { outcome: 'offered', gesture: 'free-night', correction: false })).toMatchObject({ ok: false, code: 'conflict' });
    expect(judge(s, { outcome: 'accepted', gesture: 'coffee', correction: false })).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(trail(r, [offered, corr]).map((t) => t.what)).toEqual(['recommended', 'offered', 'rule corrected: broken-fixture → lost-booking, approval requested']);
  });
});
