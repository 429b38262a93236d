import { describe, it, expect } from 'vitest';
import { engine, ask, mentions } from '../support/rules-builders.ts';

describe('ranking: a phrase heard only through a related word is no stronger than that word', () => {
  const e = engine([
    mentions('parts', ['backorder']),
    mentions('no-callback', ['nobody told', 'no call back']),
  ]);

  it('"backorder" typed beats "nobody told" heard as "nobody updated"', () => {
    const r = ask(e, 'the part is on backorder and nobody updated her');
    expect(r.rule_id).toBe('parts');
    expect(r.explanation.runner_up?.rule_id).toBe('no-callback');
  });

  it('the same phrase typed as written keeps its length bonus and wins', () => {
    expect(ask(e, 'the part is on backorder and nobody told her').rule_id).toBe('no-callback');
  });
});
