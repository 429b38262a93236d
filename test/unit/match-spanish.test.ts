import { describe, it, expect } from 'vitest';
import { compileEngine } from '../../server/rules/compile.ts';
import { parseTsv, parseWordList, type LearnData } from '../../server/rules/learn-data.ts';
import { spanishGlossary } from '../../server/rules/spanish-glossary.ts';
import { mapSpanish } from '../../server/rules/spanish-map.ts';
import { words } from '../../server/rules/normalize.ts';
import { doc, mentions } from '../support/rules-builders.ts';

// A small glossary in the shipped file's format (corpus/glossary-es-en.tsv), so these tests
// say what the mapping does whatever words the shipped glossary grows.
const GLOSSARY = [
  'repuestos\tparts|spare parts',
  'encargó\tordered',
  'cita\tappointment|booking',
  'ruido\tnoise',
  'habitación\troom',
  'sucia\tdirty',
  'lista\tready',
  'no llegó\tdid not arrive|never came',
  'de mala\tin a bad mood',
  'mala manera\trudely',
  'grosero\trude',
  'ducha\tshower',
  'pasado\tstale',
  'roto\tbroken',
].join('\n');

const data: LearnData = {
  kinds: [],
  lines: [],
  markers: new Map([
    ['es', parseWordList('el la los las le de en que es esta se su por para y pero')],
    ['en', parseWordList('the a an is was and but of to in for')],
  ]),
  misspellings: new Map([['es', new Map([['grocero', 'grosero'], ['abitacion', 'habitacion']])]]),
  glossary: parseTsv(GLOSSARY),
};

const map = (s: string) => mapSpanish(words(s), spanishGlossary(data), { little: data.markers.get('es') as Set<string> });
const text = (s: string): string => map(s).words.map((w) => w.text).join(' ');

describe('Spanish words heard as English', () => {
  it('replaces glossary words by every English alternative, by stem too ("encargaron" finds "encargó")', () => {
    expect(text('no se encargaron los repuestos')).toBe('no ordered parts spare parts');
  });

  it('"no" + ser/estar denies a state; "no es por" denies a topic; "no" + another verb is the failure', () => {
    expect(text('la habitacion no esta lista')).toBe('room is not ready');
    expect(text('no es por el ruido')).toBe('not about noise');
    expect(text('no es la ducha, es el ruido')).toBe('not a shower is noise');
    expect(text('no lo que pidió')).toBe('not what pidio');
    expect(text('la ducha otra vez')).toBe('shower again');
    expect(text('el pedido no llegó')).toBe('pedido did not arrive never came');
  });

  it('fixes misspellings first, and a little word\'s phrase gives way to a longer one ("de mala manera")', () => {
    expect(text('el botones fue grocero')).toContain('rude');
    expect(text('le contesto de mala manera')).toBe('contesto rudely');
  });

  it('hears a typo of a glossary word when it is one edit from exactly one ("groseor", "repeustos")', () => {
    expect(text('fue groseor')).toBe('was rude');
    expect(text('los repeustos')).toBe('parts spare parts');
    expect(text('la duxa')).toBe('duxa'); // short words are never guessed
  });

  it('a short stem joins only words of about the same length ("rota" is "roto"; "pasó" is not "pasado")', () => {
    expect(text('la silla rota')).toBe('silla broken');
    expect(text('ya pasó la hora')).toBe('already paso hora');
  });

  it('says what was heard as what', () => {
    expect(map('los repuestos').heard).toEqual([{ from: 'repuestos', to: 'parts / spare parts' }]);
  });

  it('"pero" ends a clause, so a "no" before it does not reach past', () => {
    const ws = map('no es la ducha, pero hay ruido').words;
    const noise = ws.find((w) => w.text === 'noise');
    const shower = ws.find((w) => w.text === 'shower');
    expect(noise?.clause).not.toBe(shower?.clause);
  });
});

describe('Spanish descriptions reach English rules', () => {
  const rules = [
    mentions('parts', ['parts not ordered', 'never ordered']),
    mentions('noise', ['noise', 'loud']),
    mentions('dirty', ['dirty room', 'dirty']),
    mentions('rude', ['rude']),
    mentions('shower', ['shower broken', 'no hot water']),
    // The schema takes mentions per language; the builder's type only knows the flat list.
    mentions('party', { en: ['party'], es: ['fiesta', 'ruido de fiesta'] } as unknown as string[]),
  ];
  const e = compileEngine(doc({ rules }), 'test', { data });

  it('a Spanish description matches the English rule and the explanation shows what was heard', () => {
    const r = e.recommend({ description: 'no se encargaron los repuestos para su cita' });
    expect(r.rule_id).toBe('parts');
    expect(r.explanation.heard_as).toContainEqual({ from: 'repuestos', to: 'parts / spare parts' });
  });

  it('negation carries over: "no es por el ruido, la habitación está sucia" is no noise complaint', () => {
    expect(e.recommend({ description: 'no es por el ruido, la habitación está sucia' }).rule_id).toBe('dirty');
  });

  it("a manager's Spanish mentions match Spanish descriptions directly, beside the glossary words", () => {
    const r = e.recommend({ description: 'hay mucho ruido de fiesta en la habitación de al lado' });
    expect(r.rule_id).toBe('party');
    expect(r.explanation.matched.map((m) => m.term)).toContain('ruido de fiesta');
  });

  it('English descriptions are not mapped', () => {
    const r = e.recommend({ description: 'the room is dirty' });
    expect(r.rule_id).toBe('dirty');
    expect(r.explanation.heard_as).toBeUndefined();
  });
});
