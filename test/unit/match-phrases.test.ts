import { describe, it, expect } from 'vitest';
import { engine, ask, mentions } from '../support/rules-builders.ts';

describe('phrases', () => {
  const e = engine([
    mentions('parts', ['forgot to order', 'parts not ordered']),
    mentions('late', ['order never delivered', 'refunded late']),
  ]);

  it('match as phrases, consecutive (how: exact)', () => {
    const r = ask(e, 'they forgot to order the brake pads');
    expect(r.rule_id).toBe('parts');
    expect(r.explanation.matched[0]).toMatchObject({ term: 'forgot to order', heard: 'forgot to order', how: 'exact' });
  });

  it('do not match as loose words far apart', () => {
    expect(ask(e, 'I forgot my glasses. Can you order a taxi to the airport?').fallback).toBe(true);
    expect(ask(e, 'order: a coffee, a muffin and a croissant, which he forgot').fallback).toBe(true);
  });

  it('never match across sentences', () => {
    expect(ask(e, 'The order is here. Never delivered anything before').fallback).toBe(true);
  });

  it('do not match on part of the phrase', () => {
    expect(ask(e, 'they forgot the key').fallback).toBe(true);
  });
});

describe('phrases with gaps', () => {
  const e = engine([mentions('late', ['order never delivered', 'refunded late']), mentions('parts', ['parts not ordered'])]);

  it('match with a word or two between their words (how: gap)', () => {
    const r = ask(e, 'the order was never delivered');
    expect(r.rule_id).toBe('late');
    expect(r.explanation.matched[0]).toMatchObject({ term: 'order never delivered', heard: 'order was never delivered', how: 'gap' });
    const r2 = ask(e, 'we refunded the guest late');
    expect(r2.explanation.matched[0]).toMatchObject({ term: 'refunded late', heard: 'refunded the guest late', how: 'gap' });
  });

  it('score a gap below the phrase typed as written', () => {
    const exact = ask(e, 'order never delivered').explanation.score.text;
    const gapped = ask(e, 'order was never delivered').explanation.score.text;
    const wider = ask(e, 'order was surely never delivered').explanation.score.text;
    expect(gapped).toBeLessThan(exact);
    expect(wider).toBeLessThan(gapped);
  });

  it('stop at three words between', () => {
    expect(ask(e, 'we refunded the guest far too late').fallback).toBe(true);
  });

  it('match with the halves the other way round, below the written order', () => {
    const swapped = ask(e, 'they never ordered the parts');
    expect(swapped.rule_id).toBe('parts');
    expect(swapped.explanation.matched[0]?.how).toBe('gap');
    expect(swapped.explanation.score.text).toBeLessThan(ask(e, 'parts were never ordered').explanation.score.text);
  });

  it('swap only phrases with a negative word or a content word on each side (never one word plus particles)', () => {
    const f = engine([mentions('broken-machine', ['out of order']), mentions('mixup', ['mixed up'])]);
    expect(ask(f, 'ordered medium came out well done').rule_id).not.toBe('broken-machine');
    expect(ask(f, 'the ice machine is out of order').rule_id).toBe('broken-machine');
    expect(ask(f, 'he went up and mixed the drinks').fallback).toBe(true);
    // Two content words keep their meaning swapped: "charged the wrong card" for "wrong charge".
    const g = engine([mentions('billing', ['wrong charge'])]);
    expect(ask(g, 'charged the wrong card').rule_id).toBe('billing');
  });

  it('never swap a phrase so that one half holds only little words', () => {
    const f = engine([mentions('lost-table', ['table for'])]);
    expect(ask(f, 'table for four').rule_id).toBe('lost-table');
    expect(ask(f, 'waited for a table').fallback).toBe(true);
  });

  it('let a little word of the phrase be missing when two real words remain', () => {
    const f = engine([mentions('parts', ['forgot to order'])]);
    expect(ask(f, 'they forgot order').explanation.matched[0]).toMatchObject({ how: 'gap' });
    // "table for" has one real word: "table" alone is not enough.
    const g = engine([mentions('lost-table', ['table for'])]);
    expect(ask(g, 'the table is wobbly').fallback).toBe(true);
    // A negative word anchors too: "didn't order" meets "never ordered".
    const h = engine([mentions('parts', ["didn't order"]), mentions('wrong-dish', ["didn't order this"])]);
    expect(ask(h, 'they never ordered the parts').rule_id).toBe('parts');
    // …but one negative word and one real word may not lose two little words.
    expect(ask(h, 'they never ordered the parts').explanation.runner_up).toBeUndefined();
  });
});

describe('related words', () => {
  const e = engine([mentions('noise', ['noise']), mentions('dirty-room', ['dirty room', 'dirty'])]);

  it('let a rule that mentions "noise" hear "banging" and "blaring" (how: related, via)', () => {
    for (const word of ['banging', 'blaring']) {
      const r = ask(e, `${word} from next door all night`);
      expect(r.rule_id).toBe('noise');
      expect(r.explanation.matched[0]).toMatchObject({ term: 'noise', heard: word, how: 'related', via: word });
    }
  });

  it('let "dirty" hear "grimy" and "unclean", also inside a phrase', () => {
    expect(ask(e, 'the bathroom was grimy').rule_id).toBe('dirty-room');
    const r = ask(e, 'unclean room on arrival');
    expect(r.explanation.matched[0]).toMatchObject({ term: 'dirty room', heard: 'unclean room', how: 'related', via: 'unclean' });
  });

  it('score a related word below the direct word', () => {
    const direct = ask(e, 'noise all night').explanation.score.text;
    const related = ask(e, 'banging all night').explanation.score.text;
    expect(related).toBeGreaterThan(0);
    expect(related).toBeLessThan(direct);
  });

  it('work both ways but do not chain between siblings', () => {
    const f = engine([mentions('grime', ['grimy']), mentions('other', ['parking'])]);
    expect(ask(f, 'the tub is dirty').rule_id).toBe('grime');
    expect(ask(f, 'the tub is stained').fallback).toBe(true);
  });

  it('prefer the rule that names the word over one that only relates to it', () => {
    const f = engine([mentions('noise', ['noise']), mentions('music', ['music'])]);
    expect(ask(f, 'loud music from the bar').rule_id).toBe('music');
  });
});
