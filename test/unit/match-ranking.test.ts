import { describe, it, expect } from 'vitest';
import { engine, ask, mentions, rule } from '../support/rules-builders.ts';
import { compileEngine } from '../../server/rules/compile.ts';
import { syntheticDoc } from '../../server/rules/synthetic.ts';
import { rulesDocSchema } from '../../server/rules/schema.ts';

describe('ranking', () => {
  it('sends "the shower head is broken and leaking" to the broken-fixture rule, not damaged property', () => {
    const e = engine([
      mentions('damaged-property', ['broken', 'damaged', 'scratched']),
      mentions('broken-fixture', ['shower', 'broken', 'faucet', 'toilet']),
    ]);
    const r = ask(e, 'the shower head is broken and leaking');
    expect(r.rule_id).toBe('broken-fixture');
    expect(r.explanation.matched.map((m) => m.term).sort()).toEqual(['broken', 'shower']);
    expect(r.explanation.runner_up).toMatchObject({ rule_id: 'damaged-property' });
    expect(r.explanation.runner_up?.why).toContain('matched only "broken"');
  });

  it('weighs rarer words more: a word only one rule uses beats a word every rule uses', () => {
    const e = engine([
      mentions('a', ['room', 'minibar']),
      mentions('b', ['room', 'dirty']),
      mentions('c', ['room', 'keys']),
    ]);
    const r = ask(e, 'room minibar');
    expect(r.rule_id).toBe('a');
    const room = r.explanation.matched.find((m) => m.term === 'room');
    const minibar = r.explanation.matched.find((m) => m.term === 'minibar');
    expect(minibar!.score).toBeGreaterThan(room!.score);
  });

  it('scores a longer phrase above its words matched alone', () => {
    const e = engine([mentions('phrase', ['parts not ordered']), mentions('word', ['parts'])]);
    expect(ask(e, 'parts not ordered').rule_id).toBe('phrase');
  });

  it('adds a little for a second, different word meaning the same thing; nothing for the same word twice', () => {
    const e = engine([mentions('dirty', ['dirty']), mentions('shower', ['shower'])]);
    const one = ask(e, 'filthy bathroom').explanation.score.text;
    const two = ask(e, 'filthy bathroom, grimy too').explanation.score.text;
    const same = ask(e, 'filthy bathroom, filthy').explanation.score.text;
    expect(two).toBeGreaterThan(one);
    expect(two).toBeLessThan(2 * one);
    expect(same).toBe(one);
    const r = ask(e, 'filthy, mould in the tub');
    expect(r.rule_id).toBe('dirty');
    expect(r.explanation.matched.map((m) => m.via)).toEqual(['filthy', 'mould']);
  });

  it('counts each typed word once per rule', () => {
    const e = engine([mentions('dup', ['broken shower', 'broken', 'shower']), mentions('two', ['broken shower', 'towels'])]);
    const r = ask(e, 'broken shower and no towels');
    expect(r.rule_id).toBe('two');
  });

  it('lets priority settle a tie', () => {
    const e = engine([mentions('low', ['cold']), mentions('high', ['cold'], { priority: 5 })]);
    const r = ask(e, 'cold');
    expect(r.rule_id).toBe('high');
    expect(r.explanation.runner_up?.why).toContain('lower priority (0 vs 5)');
  });

  it('without priority, the rule written first wins a tie', () => {
    const e = engine([mentions('first', ['cold']), mentions('second', ['cold'])]);
    expect(ask(e, 'cold').rule_id).toBe('first');
  });

  it('lets a high priority force a rule ahead of a better text match', () => {
    const e = engine([mentions('better-text', ['shower', 'broken']), mentions('forced', ['broken'], { priority: 50 })]);
    expect(ask(e, 'broken shower').rule_id).toBe('forced');
    const f = engine([mentions('better-text', ['shower', 'broken']), mentions('nudged', ['broken'], { priority: 3 })]);
    expect(ask(f, 'broken shower').rule_id).toBe('better-text');
  });

  it('ranks a context-only rule below any text match, unless its priority is higher', () => {
    const e = engine([rule('long-wait', { wait_minutes: { at_least: 30 } }), mentions('cold', ['cold'])]);
    const r = ask(e, 'cold coffee', { wait_minutes: 45 });
    expect(r.rule_id).toBe('cold');
    expect(r.explanation.runner_up).toMatchObject({ rule_id: 'long-wait' });
    expect(r.explanation.runner_up?.why).toContain('context only');
    const f = engine([rule('long-wait', { wait_minutes: { at_least: 30 } }, { priority: 10 }), mentions('cold', ['cold'])]);
    expect(ask(f, 'cold coffee', { wait_minutes: 45 }).rule_id).toBe('long-wait');
  });
});

describe('explanation', () => {
  const e = engine([
    rule('parts', { mentions: ['parts not ordered', 'backorder'], wait_minutes: { at_least: 60 } }, { priority: 20, offer: ['loaner', 'coffee'] }),
    mentions('parts-word', ['parts']),
  ]);

  it('lists matched terms with what was heard, how, and a score', () => {
    const r = ask(e, 'the parts were never ordered, waited 2 hrs');
    expect(r.explanation.matched).toEqual([
      { term: 'parts not ordered', heard: 'parts were never ordered', how: 'gap', score: expect.any(Number) },
    ]);
    expect(r.explanation.matched[0]!.score).toBeGreaterThan(0);
  });

  it('lists the conditions that held, readable', () => {
    expect(ask(e, 'parts not ordered', { wait_minutes: 90 }).explanation.conditions).toEqual(['wait 90 min ≥ 60']);
  });

  it('gives text, priority and total scores', () => {
    const s = ask(e, 'parts not ordered', { wait_minutes: 90 }).explanation.score;
    expect(s.priority).toBe(20);
    expect(s.total).toBeCloseTo(s.text + 20 * 0.05, 2);
  });

  it('says why the runner-up lost', () => {
    const r = ask(e, 'parts not ordered', { wait_minutes: 90 });
    expect(r.explanation.runner_up).toMatchObject({ rule_id: 'parts-word', why: expect.stringContaining('lower score') });
  });

  it('carries the rules version and notes', () => {
    const r = ask(e, 'parts not ordered', { wait_minutes: 90 });
    expect(r.rules_version).toBe('r-test00000000');
    expect(r.explanation.notes.join(' ')).toContain('approval');
  });
});

describe('fallback', () => {
  const e = engine([mentions('cold', ['cold food'])]);

  it('uses the fallback when nothing matches, flagged, with rule_id null', () => {
    const r = ask(e, 'the guest seems fine');
    expect(r).toMatchObject({ rule_id: null, fallback: true, say: "I'm sorry about this. Let me make it right." });
    expect(r.gesture.id).toBe('coffee');
    expect(r.explanation.matched).toEqual([]);
    expect(r.explanation.notes[0]).toContain('no rule matched');
  });

  it('handles an empty or punctuation-only description', () => {
    expect(ask(e, '').fallback).toBe(true);
    expect(ask(e, '?!?...').fallback).toBe(true);
  });

  it('handles a very long description without trouble', () => {
    expect(ask(e, 'blah '.repeat(5000) + 'cold food').fallback).toBe(true); // cut after 2000 characters
    expect(ask(e, 'cold food ' + 'blah '.repeat(5000)).rule_id).toBe('cold');
  });
});

describe('syntheticDoc()', () => {
  it('builds a valid document of the requested size, the same for the same seed', () => {
    const d = syntheticDoc(300, 7);
    expect(rulesDocSchema.safeParse(d).success).toBe(true);
    expect(d.rules).toHaveLength(300);
    expect(syntheticDoc(300, 7)).toEqual(d);
    expect(syntheticDoc(300, 8)).not.toEqual(d);
  });

  it('compiles into an engine that matches its own phrases', () => {
    const d = syntheticDoc(500, 3);
    const eng = compileEngine(d, 'v');
    const withText = d.rules.filter((r) => r.when.mentions && Object.keys(r.when).length === 1).slice(0, 50);
    for (const r of withText) {
      const got = eng.recommend({ description: r.when.mentions![0]! });
      expect(got.fallback).toBe(false);
    }
  });
});

describe('odd input', () => {
  const e = engine([rule('long', { mentions: ['cold'], wait_minutes: { at_least: 30 } }), mentions('cold-any', ['cold'])]);

  it('ignores a NaN or negative number in the context instead of deciding on it', () => {
    expect(ask(e, 'cold soup', { wait_minutes: Number.NaN }).rule_id).toBe('cold-any');
    expect(ask(e, 'cold soup', { wait_minutes: -5 }).rule_id).toBe('cold-any');
    expect(ask(e, 'cold soup', { amount_paid: Number.POSITIVE_INFINITY }).gesture.id).toBe('coffee');
    expect(ask(e, 'cold soup', {}, Number.NaN).repeat).toBe(false);
  });

  it('treats words that name object internals as plain words', () => {
    const r = ask(e, 'constructor toString __proto__ valueOf hasOwnProperty two constructor', { lang: '__proto__' });
    expect(r.fallback).toBe(true);
    expect(r.read_from_text).toEqual({});
  });

  it('ignores context fields of the wrong type', () => {
    const odd = { customer_tier: 7, location: ['x'], lang: {} } as unknown as Record<string, string>;
    expect(ask(e, 'cold soup', odd).rule_id).toBe('cold-any');
  });

  it('treats a missing description as empty', () => {
    expect(e.recommend({ description: undefined as unknown as string }).fallback).toBe(true);
  });
});

describe('a related word never outscores a direct match', () => {
  const e = engine([
    mentions('line', ['wait', 'queue']),
    mentions('rude', ['wait', 'rude']),
    mentions('slow', ['wait', 'slow']),
  ]);

  it('credits "waited" to "wait" (stem), not to "queue" (related), though "queue" is rarer', () => {
    const r = ask(e, 'customer waited');
    expect(r.rule_id).toBe('line');
    expect(r.explanation.matched).toEqual([expect.objectContaining({ term: 'wait', how: 'stem' })]);
  });

  it('scores a related match no higher than the typed word would score as a direct match', () => {
    // "queue" is rare and "wait" common: through "queue" alone, "waited" must still not outscore its direct matches.
    const only = engine([
      mentions('line', ['queue']),
      mentions('rude', ['wait', 'rude']),
      mentions('slow', ['wait', 'slow']),
      mentions('other', ['wait', 'cold']),
    ]);
    const r = ask(only, 'customer waited');
    expect(r.rule_id).toBe('rude');
    expect(r.explanation.matched[0]).toMatchObject({ term: 'wait', how: 'stem' });
    const line = ask(only, 'the queue was long');
    expect(line.rule_id).toBe('line');
  });
});
