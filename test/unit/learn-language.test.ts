import { describe, expect, it } from 'vitest';
import { readLearnData } from '../../server/rules/learn-data-file.ts';
import { detectLanguage, languageModel } from '../../server/rules/language.ts';
import { words } from '../../server/rules/normalize.ts';
import { stemEs } from '../../server/rules/spanish.ts';
import { exampleFeatures } from '../../server/rules/example-features.ts';

const { data } = await readLearnData('corpus');
const model = languageModel(data);
const lang = (text: string) => detectLanguage(words(text), text, model, 'en');

describe('language detection', () => {
  it('tells Spanish from English by function words, accents and corpus words', () => {
    expect(lang('la habitación no está lista y el cliente lleva una hora esperando')).toBe('es');
    expect(lang('la habitacion no esta lista')).toBe('es');
    expect(lang('toallas sucias')).toBe('es');
    expect(lang('the room is not ready and the guest has waited an hour')).toBe('en');
  });

  it('keeps the rules file’s language when nothing points elsewhere', () => {
    expect(lang('tv 412')).toBe('en');
    expect(detectLanguage(words('tv 412'), 'tv 412', model, 'es')).toBe('es');
  });
});

describe('Spanish normalising', () => {
  it('meets accented and unaccented forms, plurals and verb forms at one stem', () => {
    expect(stemEs('habitacion')).toBe(stemEs('habitaciones'));
    expect(stemEs('reservacion')).toBe(stemEs('reservaciones'));
    expect(stemEs('limpiaron')).toBe(stemEs('limpiar'));
  });

  it('fixes common misspellings from corpus/misspellings-es.tsv before stemming', () => {
    const fix = data.misspellings.get('es');
    expect(fix?.size).toBeGreaterThan(0);
    const [typo, right] = [...(fix as Map<string, string>)][0] as [string, string];
    expect(exampleFeatures(words(typo), 'es', model)).toEqual(exampleFeatures(words(right), 'es', model));
  });

  it('drops little words and keeps negative ones, which are part of the failure', () => {
    const f = exampleFeatures(words('no llegó el pedido de la mesa'), 'es', model);
    expect(f).toContain('no');
    expect(f).not.toContain('el');
    expect(f).not.toContain('la');
  });
});

describe('English example features', () => {
  it('marks a word a "not" takes back instead of matching it', () => {
    const f = exampleFeatures(words('not a noise issue, the bathtub had grime'), 'en', model);
    expect(f).toContain('~nois');
    expect(f).not.toContain('nois');
    expect(f).toContain('grime');
  });
});
