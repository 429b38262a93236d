import { describe, expect, it } from 'vitest';
import { loadRulesText } from '../../server/rules/index.ts';
import { readLearnData } from '../../server/rules/learn-data-file.ts';
import type { RulesEngine } from '../../server/rules/engine.ts';

const { data } = await readLearnData('corpus');

function rulesFile(rules: string): string {
  return `gestures:\n  coffee: { label: Coffee, value: 5, kind: attention }\nrules:\n${rules}fallback: { offer: [coffee], say: Sorry. }\n`;
}

function load(rules: string): RulesEngine {
  const r = loadRulesText(rulesFile(rules), 'r.yaml', { data });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.engine;
}

const NOISE = '  - { id: noise, when: { mentions: [noise, loud] }, offer: [coffee] }\n';
const DIRTY = '  - { id: dirty-room, when: { mentions: ["dirty room", "stains on the sheets"] }, offer: [coffee] }\n';

describe('corpus inheritance', () => {
  it('a new rule "noise" inherits the noise kind and hears phrasings its manager never listed', () => {
    const e = load(NOISE + DIRTY);
    expect(e.learning?.inherited[0]).toMatchObject({ kind: 'noise' });
    expect(e.learning?.inherited[1]).toMatchObject({ kind: 'room-dirty' });
    const rec = e.recommend({ description: 'the people upstairs were thumping around half the night, she got no sleep' });
    expect(rec.rule_id).toBe('noise');
    expect(rec.explanation.example).toMatchObject({ source: 'corpus', from: 'corpus kind: noise' });
  });

  it('learn_from_corpus: false keeps a rule to its own words, and says why', () => {
    const e = load('  - { id: noise, learn_from_corpus: false, when: { mentions: [noise, loud] }, offer: [coffee] }\n' + DIRTY);
    expect(e.learning?.inherited[0]).toEqual({ kind: null, why: 'none: learn_from_corpus is false' });
    const rec = e.recommend({ description: 'the people upstairs were thumping around half the night, she got no sleep' });
    expect(rec.explanation.example).toBeUndefined();
    expect(e.recommend({ description: 'dirty room, stains on the sheets' }).rule_id).toBe('dirty-room');
  });

  it('two rules of the same kind both inherit it; their own words decide between them', () => {
    const e = load(
      '  - { id: party-next-door, when: { mentions: ["party next door", "loud neighbours"] }, offer: [coffee] }\n' +
        '  - { id: construction-noise, when: { mentions: ["construction noise", "drilling"] }, offer: [coffee] }\n' +
        DIRTY,
    );
    expect(e.learning?.inherited.slice(0, 2).map((i) => i.kind)).toEqual(['noise', 'noise']);
    expect(e.recommend({ description: 'drilling outside her window since 7am' }).rule_id).toBe('construction-noise');
    expect(e.recommend({ description: 'the party next door kept going till 4' }).rule_id).toBe('party-next-door');
  });

  it('a Spanish description reaches an English rule through the Spanish lines of its kind', () => {
    const e = load(NOISE + DIRTY);
    const rec = e.recommend({ description: 'los vecinos de al lado tenían la música a todo volumen toda la noche' });
    expect(rec.rule_id).toBe('noise');
    expect(rec.explanation.language).toBe('es');
  });
});
