import { describe, it, expect } from 'vitest';
import { engine, ask, mentions, doc, GESTURES } from '../support/rules-builders.ts';
import { compileEngine } from '../../server/rules/compile.ts';
import { rulesDocSchema } from '../../server/rules/schema.ts';

describe('offer order', () => {
  const e = engine([mentions('parts', ['parts not ordered'], { offer: ['loaner', 'dessert', 'coffee'] })]);

  it('recommends the first fitting gesture, the next two are alternatives', () => {
    const r = ask(e, 'parts not ordered');
    expect(r.gesture).toMatchObject({ id: 'loaner', label: 'Complimentary loaner car', value: 90, kind: 'redo' });
    expect(r.alternatives.map((g) => g.id)).toEqual(['dessert', 'coffee']);
  });

  it('gives at most two alternatives', () => {
    const f = engine([mentions('x', ['broken'], { offer: ['coffee', 'dessert', 'refund', 'loaner'] })]);
    expect(ask(f, 'broken').alternatives).toHaveLength(2);
  });
});

describe('only_at', () => {
  const e = engine([mentions('parts', ['parts not ordered'], { offer: ['lunch', 'coffee'] })]);

  it('offers a gesture only where it exists', () => {
    expect(ask(e, 'parts not ordered', { location: 'pasadena' }).gesture.id).toBe('lunch');
    const r = ask(e, 'parts not ordered', { location: 'downtown' });
    expect(r.gesture.id).toBe('coffee');
    expect(r.explanation.notes.some((n) => n.includes('"lunch" is only at pasadena'))).toBe(true);
  });

  it('leaves a location-bound gesture out when no location is given, and says so', () => {
    const r = ask(e, 'parts not ordered');
    expect(r.gesture.id).toBe('coffee');
    expect(r.explanation.notes.join(' ')).toContain('no location given');
  });
});

describe('value cap', () => {
  const e = engine({ rules: [mentions('r', ['overcharged'], { offer: ['loaner', 'refund', 'coffee'] })], value_cap_percent: 150 });

  it('skips gestures worth more than value_cap_percent of what was paid, with a note', () => {
    const r = ask(e, 'overcharged', { amount_paid: 40 }); // cap 60: loaner (90) out, refund (30) in
    expect(r.gesture.id).toBe('refund');
    expect(r.explanation.notes.join(' ')).toContain('"loaner" (90 USD) is over the value cap: 150% of 40 paid is 60');
  });

  it('does not cap when the amount paid is unknown', () => {
    expect(ask(e, 'overcharged').gesture.id).toBe('loaner');
  });

  it('falls back to the fallback gestures, then to the cheapest for approval, when nothing fits', () => {
    const r = ask(e, 'overcharged', { amount_paid: 2 }); // cap 3: nothing fits, not even coffee
    expect(r.gesture.id).toBe('coffee');
    expect(r.needs_approval).toBe(true);
    expect(r.explanation.notes.join(' ')).toContain('offering the cheapest');
  });
});

describe('approval threshold', () => {
  const e = engine({ rules: [mentions('r', ['broken'], { offer: ['refund', 'dessert'] })], approval_above: 25 });

  it('marks a gesture over approval_above as needs_approval', () => {
    const r = ask(e, 'broken');
    expect(r.gesture).toMatchObject({ id: 'refund', needs_approval: true });
    expect(r.needs_approval).toBe(true);
    expect(r.alternatives[0]).toMatchObject({ id: 'dessert', needs_approval: false });
    expect(r.explanation.notes.join(' ')).toContain('over the approval threshold of 25');
  });

  it('does not mark a gesture worth exactly the threshold', () => {
    const f = engine({ rules: [mentions('r', ['broken'], { offer: ['refund'] })], approval_above: 30 });
    expect(ask(f, 'broken').needs_approval).toBe(false);
  });
});

describe('repeat customer', () => {
  const e = engine([mentions('r', ['cold food'], { offer: ['coffee', 'refund', 'dessert'] })]);

  it('steps up to the next stronger fitting offer (the cheapest worth more)', () => {
    const first = ask(e, 'cold food', {}, 0);
    expect(first.gesture.id).toBe('coffee');
    expect(first.repeat).toBe(false);
    const again = ask(e, 'cold food', {}, 1);
    expect(again.repeat).toBe(true);
    expect(again.gesture.id).toBe('dessert'); // 12 > 8, and cheaper than refund (30)
    expect(again.explanation.notes.join(' ')).toContain('stepped up from "coffee" to "dessert"');
    expect(again.alternatives.map((g) => g.id)).toEqual(['coffee', 'refund']);
  });

  it('steps once per earlier recovery', () => {
    expect(ask(e, 'cold food', {}, 2).gesture.id).toBe('refund');
  });

  it('keeps the strongest and says so when there is nothing stronger', () => {
    const r = ask(e, 'cold food', {}, 5);
    expect(r.gesture.id).toBe('refund');
    const f = engine([mentions('r', ['cold food'], { offer: ['coffee'] })]);
    expect(ask(f, 'cold food', {}, 1).explanation.notes.join(' ')).toContain('already the strongest fitting offer');
  });

  it('respects the value cap while stepping up', () => {
    expect(ask(e, 'cold food', { amount_paid: 10 }, 2).gesture.id).toBe('dessert'); // refund over cap 15
  });
});

describe('words to say', () => {
  const e = engine({
    rules: [
      mentions('bilingual', ['cold food'], { say: { en: 'Sorry your food was cold.', es: 'Perdón, la comida estaba fría.' } }),
      mentions('english-only', ['noise'], { say: 'Sorry about the noise.' }),
      mentions('silent', ['broken'], { offer: ['refund'] }),
    ],
    gestures: { ...GESTURES, refund: { ...GESTURES.refund!, say: { en: 'Let me refund that.', es: 'Le devuelvo el importe.' } } },
  });

  it('picks the request language from a per-language map', () => {
    expect(ask(e, 'cold food', { lang: 'es' }).say).toBe('Perdón, la comida estaba fría.');
    expect(ask(e, 'cold food', { lang: 'en' }).say).toBe('Sorry your food was cold.');
  });

  it("falls back to the file's language, then English", () => {
    expect(ask(e, 'cold food', { lang: 'fr' }).say).toBe('Sorry your food was cold.');
    const es = engine({ rules: [mentions('b', ['cold food'], { say: { en: 'Sorry.', es: 'Perdón.' } })], language: 'es' });
    expect(ask(es, 'cold food').say).toBe('Perdón.');
  });

  it('uses a plain string whatever the language', () => {
    expect(ask(e, 'noise', { lang: 'es' }).say).toBe('Sorry about the noise.');
  });

  it("uses the gesture's words when the rule has none, and shows them on the gesture", () => {
    const r = ask(e, 'broken', { lang: 'es' });
    expect(r.say).toBe('Le devuelvo el importe.');
    expect(r.gesture.say).toBe('Le devuelvo el importe.');
  });

  it("uses the fallback's words when nothing matched", () => {
    expect(ask(e, 'hello there').say).toBe("I'm sorry about this. Let me make it right.");
  });

  it("keeps the fallback's words even when the fallback gesture has words of its own", () => {
    const f = engine({
      rules: [mentions('noise', ['noise'])],
      gestures: { ...GESTURES, coffee: { ...GESTURES.coffee!, say: 'Could I offer you a coffee?' } },
    });
    const r = ask(f, 'something else entirely');
    expect(r.fallback).toBe(true);
    expect(r.say).toBe("I'm sorry about this. Let me make it right.");
    expect(r.gesture.say).toBe('Could I offer you a coffee?');
  });

  it('shows gesture labels in the request language when the file gives them per language', () => {
    const f = engine({
      rules: [mentions('cold', ['cold food'], { offer: ['coffee', 'dessert'] })],
      gestures: { ...GESTURES, coffee: { ...GESTURES.coffee!, label: { en: 'Coffee and a snack on us', es: 'Café y algo de picar, invita la casa' } } },
    });
    expect(ask(f, 'cold food', { lang: 'es' }).gesture.label).toBe('Café y algo de picar, invita la casa');
    expect(ask(f, 'cold food', { lang: 'fr' }).gesture.label).toBe('Coffee and a snack on us');
    expect(ask(f, 'cold food').gesture.label).toBe('Coffee and a snack on us');
    expect(ask(f, 'cold food', { lang: 'es' }).alternatives[0]?.label).toBe('Dessert on the house');
  });

  it("carries the file's currency so values are shown in it", () => {
    const eur = compileEngine(rulesDocSchema.parse({ ...doc({ rules: [mentions('noise', ['noise'])] }), currency: 'EUR' }), 'r-test00000000');
    expect(ask(eur, 'noise').currency).toBe('EUR');
    expect(ask(e, 'noise').currency).toBe('USD');
  });
});
