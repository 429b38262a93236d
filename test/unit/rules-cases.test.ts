import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRulesFile } from '../../server/rules/index.ts';
import { parseCases, runCases } from '../../server/cli/rules-cases.ts';

describe('the shipped example cases', () => {
  it('rules/examples/cases.jsonl all pass against rules/gestures.yaml', async () => {
    const loaded = await loadRulesFile('rules/gestures.yaml');
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const { engine } = loaded;
    const { cases, problems } = parseCases(
      readFileSync('rules/examples/cases.jsonl', 'utf8'),
      engine.doc.rules.map((r) => r.id),
      Object.keys(engine.doc.gestures),
    );
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const misses = runCases(engine, cases)
      .filter((r) => !r.pass)
      .map((r) => `line ${r.case.line}: "${r.case.text}" expected ${r.case.expect}${r.case.gesture ? `/${r.case.gesture}` : ''}, got ${r.got}/${r.gotGesture}`);
    expect(misses).toEqual([]);
  });

  it('cover the dealership case end to end: lunch or coffee now, a loaner for a day or more', async () => {
    const loaded = await loadRulesFile('rules/gestures.yaml');
    if (!loaded.ok) throw new Error('rules invalid');
    const now = loaded.engine.recommend({ description: 'Parts for the booked repair were never ordered', context: { location: 'des-moines' } });
    expect(now.rule_id).toBe('parts-not-ordered');
    expect([now.gesture.id, ...now.alternatives.map((g) => g.id)]).toEqual(['lunch', 'coffee']);
    expect(now.say).toMatch(/on us/);
    const tomorrow = loaded.engine.recommend({ description: 'Parts for the booked repair were never ordered', context: { wait_minutes: 1500, location: 'des-moines' } });
    expect(tomorrow.rule_id).toBe('parts-not-ordered-overnight');
    expect(tomorrow.gesture.id).toBe('loaner');
    expect(tomorrow.needs_approval).toBe(true);
  });
});

describe('parseCases()', () => {
  it('reports each bad line by number and keeps the good ones', () => {
    const text = [
      '{"text": "soup was cold", "expect": "cold-food"}',
      '{"text": "soup was cold", "expct": "cold-food"}',
      'not json',
      '',
      '{"text": "soup was cold", "expect": "cold-fod"}',
      '{"text": "", "expect": "cold-food", "wait": -1}',
      '{"text": "soup", "expect": "fallback", "gesture": "cofee"}',
      'null',
    ].join('\n');
    const { cases, problems } = parseCases(text, ['cold-food'], ['coffee']);
    expect(cases.map((c) => c.line)).toEqual([1]);
    expect(problems).toEqual([
      { line: 2, message: 'missing required field "expect"' },
      { line: 2, message: 'unknown field "expct" (did you mean "expect"?)' },
      { line: 3, message: expect.stringMatching(/^not valid JSON: /) },
      { line: 5, message: 'expect: no rule "cold-fod" in the rules file (did you mean "cold-food"?)' },
      { line: 6, message: 'text: must not be empty' },
      { line: 6, message: 'wait: must be zero or more' },
      { line: 7, message: 'gesture: no gesture "cofee" in the rules file (did you mean "coffee"?)' },
      { line: 8, message: 'expected an object like {"text": "...", "expect": "rule-id"}' },
    ]);
  });
});
