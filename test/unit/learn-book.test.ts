import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../server/rules/compile.ts';
import { ExampleBook } from '../../server/rules/example-book.ts';
import { ask, doc, mentions } from '../support/rules-builders.ts';

const RULES = [mentions('haunting', ['haunted']), mentions('dirty-room', ['dirty room'])];
const compile = (book: ExampleBook, rules = RULES) => compileEngine(doc({ rules }), 'r-test00000000', { book });
const ana = { type: 'correction' as const, by: 'Ana', at: '2026-11-30T21:04:00.000Z', location: 'downtown' };

describe('ExampleBook: corrections learned at runtime', () => {
  it('takes effect at the next recommend, with no recompile', () => {
    const book = new ExampleBook();
    const engine = compile(book);
    expect(ask(engine, 'wailing in the attic at midnight').fallback).toBe(true);
    expect(book.add({ text: 'wailing in the attic at midnight', rule_id: 'haunting', source: ana })).toBe(true);
    const rec = ask(engine, 'that wailing in the attic again');
    expect(rec.rule_id).toBe('haunting');
    expect(rec.explanation.example).toMatchObject({ text: 'wailing in the attic at midnight', source: 'correction', from: 'correction by Ana, 2026-11-30, at downtown' });
  });

  it('survives a rules reload: a new engine on the same book knows earlier corrections', () => {
    const book = new ExampleBook();
    compile(book);
    book.add({ text: 'bathtub had a ring of grime', rule_id: 'dirty-room', source: ana });
    const reloaded = compile(book);
    expect(ask(reloaded, 'grime ring in the bathtub').rule_id).toBe('dirty-room');
    expect(reloaded.learning?.examples).toBe(1);
  });

  it('ignores corrections naming a rule the current file does not have, and empty ones', () => {
    const book = new ExampleBook();
    const engine = compile(book, [mentions('haunting', ['haunted'])]);
    book.add({ text: 'bathtub had a ring of grime', rule_id: 'dirty-room', source: ana });
    expect(book.add({ text: '   ', rule_id: 'haunting', source: ana })).toBe(false);
    expect(ask(engine, 'bathtub had a ring of grime').fallback).toBe(true);
    // The rule comes back in a later file: the correction counts again.
    expect(ask(compile(book), 'bathtub had a ring of grime').rule_id).toBe('dirty-room');
  });
});
