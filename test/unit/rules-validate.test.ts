import { describe, expect, it } from 'vitest';
import { formatProblem, loadRulesText, type LoadResult } from '../../server/rules/index.ts';
import { findShadowed } from '../../server/rules/shadow.ts';
import { editDistance, suggest } from '../../server/rules/suggest.ts';
import type { RuleDef } from '../../server/rules/schema.ts';

const FILE = 'rules/gestures.yaml';

const HEAD = `gestures:
  coffee: { label: Coffee, value: 8, kind: attention }
  lunch: { label: Lunch, value: 20, kind: attention }
fallback:
  offer: [coffee]
  say: Sorry.
`;

function load(body: string): LoadResult {
  return loadRulesText(HEAD + body, FILE);
}

function errors(result: LoadResult): string[] {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.problems.filter((p) => p.severity === 'error').map(formatProblem);
}

function lineOf(text: string, needle: string, nth = 1): number {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`fixture lacks ${needle}`);
  return text.slice(0, offset).split('\n').length;
}

describe('cross-checks', () => {
  it('reports a duplicate rule id at the second one, saying where the first is', () => {
    const body = `rules:
  - id: cold-food
    when: { mentions: [cold] }
    offer: [coffee]
  - id: cold-food
    when: { mentions: [lukewarm] }
    offer: [lunch]
`;
    const text = HEAD + body;
    expect(errors(load(body))).toEqual([
      `${FILE}:${lineOf(text, 'cold-food', 2)}:9 rule "cold-food": duplicate rule id "cold-food" (first used at line ${lineOf(text, 'cold-food')}; rule ids must be unique)`,
    ]);
  });

  it('reports a duplicate alert id and an alert naming an unknown rule, with a suggestion', () => {
    const body = `rules:
  - id: cold-food
    when: { mentions: [cold] }
    offer: [coffee]
alerts:
  - { id: kitchen, rule: cold-food, count: 3, within_minutes: 60 }
  - { id: kitchen, rule: cold-fod, count: 3, within_minutes: 60 }
`;
    const found = errors(load(body));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^rules\/gestures\.yaml:\d+:\d+ alerts\[1\]: duplicate alert id "kitchen" \(first used at line \d+; alert ids must be unique\)$/);
    expect(found[1]).toMatch(/ alerts\[1\]: unknown rule "cold-fod" \(did you mean "cold-food"\?\)$/);
  });

  it('reports an unknown gesture in the fallback, listing the known ones when nothing is close', () => {
    const text = HEAD.replace('offer: [coffee]', 'offer: [zzz]') + 'rules: []\n';
    expect(errors(loadRulesText(text, FILE))).toEqual([`${FILE}:${lineOf(text, 'zzz')}:11 fallback: unknown gesture "zzz" (known gestures: coffee, lunch)`]);
  });

  it('reports a rule shadowed by a broader rule with the same or higher priority, naming it', () => {
    const body = `rules:
  - id: cold-anything
    when: { mentions: [cold, lukewarm, "not hot"] }
    offer: [coffee]
    priority: 5
  - id: cold-soup
    when:
      mentions: [Cold, lukewarm]
      wait_minutes: { at_least: 10 }
    offer: [lunch]
`;
    const text = HEAD + body;
    expect(errors(load(body))).toEqual([
      `${FILE}:${lineOf(text, 'cold-soup')}:9 rule "cold-soup": never fires: rule "cold-anything" (line ${lineOf(text, 'cold-anything')}) matches whenever this one does and has the same or higher priority (give this rule a higher priority than 5, or narrow "cold-anything")`,
    ]);
    // Raising its priority makes it reachable again.
    expect(load(body.replace('    offer: [lunch]', '    offer: [lunch]\n    priority: 6')).ok).toBe(true);
  });

  it('reports an empty mention that is only punctuation', () => {
    const body = `rules:
  - id: cold-food
    when: { mentions: [cold, "!!!"] }
    offer: [coffee]
`;
    expect(errors(load(body))[0]).toMatch(/rule "cold-food": mention "!!!" has no letters or digits, so it never matches$/);
  });

  it('keeps oddities as warnings: the file still loads', () => {
    const body = `rules:
  - id: cold-food
    when: { mentions: [cold, Cold] }
    offer: [coffee, coffee]
    say: { es: Lo siento }
`;
    const result = load(body);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const warnings = result.warnings.map(formatProblem);
    expect(warnings).toHaveLength(4);
    expect(warnings.every((w) => w.includes(': warning: '))).toBe(true);
    expect(warnings.join('\n')).toContain('mention "Cold" is listed twice');
    expect(warnings.join('\n')).toContain('gesture "coffee" is offered twice');
    expect(warnings.join('\n')).toContain('gesture "lunch" is not offered by any rule or the fallback');
    expect(warnings.join('\n')).toContain('no "en" words, the file\'s default language');
  });
  it('warns about a per-language gesture label without the default language, and accepts one with it', () => {
    const gestures = (label: string) => `gestures:
  coffee: { label: ${label}, value: 8, kind: attention }
rules:
  - id: cold-food
    when: { mentions: [cold] }
    offer: [coffee]
fallback: { offer: [coffee], say: Sorry }
`;
    const missing = loadRulesText(gestures('{ es: Café }'), FILE);
    if (!missing.ok) throw new Error(missing.problems.map(formatProblem).join('\n'));
    expect(missing.warnings.map(formatProblem)).toEqual([expect.stringMatching(/gesture "coffee": warning: label: no "en" text, the file.s default language/)]);
    const both = loadRulesText(gestures('{ en: Coffee, es: Café }'), FILE);
    if (!both.ok) throw new Error(both.problems.map(formatProblem).join('\n'));
    expect(both.warnings).toEqual([]);
  });

  it('warns about a mention made only of little or negative words, which the matcher never fires on', () => {
    const body = `rules:
  - id: housekeeping
    when: { mentions: [not, "the", "Didn't", "wasn't the", "not cleaned"] }
    offer: [coffee, lunch]
`;
    const text = HEAD + body;
    const result = load(body);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const line = lineOf(text, 'mentions: [not');
    const col = (needle: string) => text.split('\n')[line - 1]!.indexOf(needle) + 1;
    const hint = '(add the word that names the failure, e.g. "not cleaned" instead of "not")';
    const expected = [['not', 'not'], ['"the"', 'the'], ['"Didn\'t"', "Didn't"], ['"wasn\'t the"', "wasn't the"]].map(
      ([written, mention]) => `${FILE}:${line}:${col(written!)} rule "housekeeping": warning: mention "${mention}" is made only of little or negative words, so it never matches ${hint}`,
    );
    expect(result.warnings.map(formatProblem)).toEqual(expected);
    // The warning tells the truth: those mentions alone never fire, the real one does.
    expect(result.engine.recommend({ description: 'the room was not the one we did book' }).fallback).toBe(true);
    expect(result.engine.recommend({ description: 'the room was not cleaned' }).rule_id).toBe('housekeeping');
  });
});

const rule = (id: string, when: RuleDef['when'], priority = 0): RuleDef => ({ id, when, offer: ['coffee'], priority });

describe('findShadowed()', () => {
  it('finds a rule whose mentions and ranges are all covered by an earlier, equal-priority rule', () => {
    const rules = [rule('broad', { mentions: ['a', 'b'], wait_minutes: { at_least: 10 } }), rule('narrow', { mentions: ['b'], wait_minutes: { at_least: 30, at_most: 60 } })];
    expect(findShadowed(rules)).toEqual([{ shadowed: 1, by: 0 }]);
  });

  it('lets a later, narrower rule with the same priority live (the matcher breaks ties by file order)', () => {
    const rules = [rule('narrow', { mentions: ['b'] }), rule('broad', { mentions: ['a', 'b'] })];
    expect(findShadowed(rules)).toEqual([]);
  });

  it('needs every condition covered: a narrower range, a tier list or a location list on the broad rule keeps the other alive', () => {
    expect(findShadowed([rule('x', { mentions: ['a'], wait_minutes: { at_least: 60 } }), rule('y', { mentions: ['a'], wait_minutes: { at_least: 30 } })])).toEqual([]);
    expect(findShadowed([rule('x', { mentions: ['a'], customer_tier: ['gold'] }), rule('y', { mentions: ['a'] })])).toEqual([]);
    expect(findShadowed([rule('x', { mentions: ['a'], location: ['x', 'y'] }), rule('y', { mentions: ['a'], location: ['y'] })])).toEqual([{ shadowed: 1, by: 0 }]);
    expect(findShadowed([rule('x', { mentions: ['a'], amount_paid: { at_most: 50 } }), rule('y', { mentions: ['a'], amount_paid: { at_most: 80 } })])).toEqual([]);
  });

  it('reports only the later of two identical rules', () => {
    expect(findShadowed([rule('x', { mentions: ['a'] }), rule('y', { mentions: ['A!'] })])).toEqual([{ shadowed: 1, by: 0 }]);
  });

  it('treats a context-only rule as shadowing a text rule only when its priority is higher', () => {
    const wait = rule('any-wait', { wait_minutes: { at_least: 30 } }, 0);
    const text = rule('slow', { mentions: ['slow'], wait_minutes: { at_least: 60 } }, 0);
    expect(findShadowed([wait, text])).toEqual([]);
    expect(findShadowed([{ ...wait, priority: 10 }, text])).toEqual([{ shadowed: 1, by: 0 }]);
  });
});

describe('suggest()', () => {
  it('finds near misses, including swapped letters, and ignores far ones', () => {
    expect(suggest('lunchh', ['lunch', 'coffee'])).toBe('lunch');
    expect(suggest('mention', ['mentions', 'wait_minutes'])).toBe('mentions');
    expect(suggest('cofefe', ['coffee', 'lunch'])).toBe('coffee');
    expect(suggest('tea', ['fee', 'loaner'])).toBeUndefined();
    expect(suggest('loanr', ['fee', 'loaner'])).toBe('loaner');
    expect(suggest('banana', ['coffee', 'lunch'])).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});
