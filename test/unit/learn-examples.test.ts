import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../server/rules/compile.ts';
import { ExampleBook } from '../../server/rules/example-book.ts';
import type { FileExample } from '../../server/rules/example-match.ts';
import { ask, doc, mentions } from '../support/rules-builders.ts';

const RULES = [mentions('noise', ['noise', 'loud music']), mentions('broken-tv', ['tv']), mentions('dirty-room', ['dirty room', 'not cleaned'])];

function learning(examples: FileExample[], book?: ExampleBook) {
  return compileEngine(doc({ rules: RULES }), 'r-test00000000', { examples, ...(book ? { book } : {}) });
}

const desk = (text: string, rule_id: string, line: number): FileExample => ({ text, rule_id, file: 'desk.jsonl', line });

describe('matching against labelled examples', () => {
  it('sends a description close to a rule’s examples to that rule, and says which example', () => {
    const e = learning([desk('the couple upstairs were stomping around till 3am', 'noise', 4)]);
    const rec = ask(e, 'couple upstairs stomping around again at 3am');
    expect(rec.rule_id).toBe('noise');
    expect(rec.explanation.example).toMatchObject({ text: 'the couple upstairs were stomping around till 3am', source: 'file', from: 'example from desk.jsonl:4' });
    expect(rec.explanation.example?.similarity).toBeGreaterThan(0.5);
  });

  it('falls back as before when no example is close and no rule matched', () => {
    const e = learning([desk('the couple upstairs were stomping around till 3am', 'noise', 1)]);
    const rec = ask(e, 'guest wants to know where the gym is');
    expect(rec.fallback).toBe(true);
    expect(rec.explanation.example).toBeUndefined();
  });

  it('lets a close example beat a weak word match', () => {
    const e = learning([desk('tv next door blaring till 2am', 'noise', 1), desk('the tv next door was blaring at 1am', 'noise', 2)]);
    const rec = ask(e, 'tv next door blaring past 2am');
    expect(rec.rule_id).toBe('noise');
    // Without the examples, the one word "tv" decides.
    expect(ask(learning([]), 'tv next door blaring past 2am').rule_id).toBe('broken-tv');
  });

  it('keeps the manager’s clear words ahead of a loosely similar example', () => {
    const e = learning([desk('the room smelled and the music next door was loud', 'noise', 1)]);
    expect(ask(e, 'the room was not cleaned, dirty room').rule_id).toBe('dirty-room');
  });

  it('ignores examples that name a rule the file does not have', () => {
    const e = learning([desk('wailing ghosts in the attic', 'haunted', 1)]);
    expect(ask(e, 'wailing ghosts in the attic').fallback).toBe(true);
  });

  it('lets "fallback" examples say that no rule fits', () => {
    const e = learning([desk('tv remote has no batteries', 'broken-tv', 1), desk('guest asked where the tv guide is', 'fallback', 2)]);
    expect(ask(e, 'guest asked where the tv guide is').explanation.example).toBeUndefined();
  });
});
