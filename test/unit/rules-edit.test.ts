import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyRuleEdit } from '../../server/rules/rules-edit.ts';

const SHIPPED = readFileSync(join(import.meta.dirname, '../../rules/gestures.yaml'), 'utf8');

const mentionsOf = (text: string, id: string): unknown => (parse(text) as { rules: Array<{ id: string; when: { mentions: unknown } }> }).rules.find((r) => r.id === id)?.when.mentions;

/** Lines of b that differ from a, when both have the same number of lines. */
const changedLines = (a: string, b: string) => b.split('\n').filter((l, i) => l !== a.split('\n')[i]);

describe('applyRuleEdit()', () => {
  it('adds a word to a multi-line flow list in the shipped file and changes nothing else', () => {
    const r = applyRuleEdit(SHIPPED, { op: 'add-mention', rule_id: 'noise', phrase: 'blaring' });
    expect(r.ok && r.changed).toBe(true);
    if (!r.ok) return;
    expect(mentionsOf(r.text, 'noise')).toEqual([...(mentionsOf(SHIPPED, 'noise') as string[]), 'blaring']);
    // Same line count, one line changed, every comment still there.
    expect(r.text.split('\n').length).toBe(SHIPPED.split('\n').length);
    expect(changedLines(SHIPPED, r.text)).toEqual([expect.stringContaining('"blaring"]')]);
    expect(r.text.match(/#.*$/gm)).toEqual(SHIPPED.match(/#.*$/gm));
  });

  it('removes a word from a flow list, taking its comma', () => {
    const r = applyRuleEdit(SHIPPED, { op: 'remove-mention', rule_id: 'broken-fixture', phrase: 'tv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(mentionsOf(r.text, 'broken-fixture')).toEqual((mentionsOf(SHIPPED, 'broken-fixture') as string[]).filter((m) => m !== 'tv'));
    expect(changedLines(SHIPPED, r.text)).toHaveLength(1);
  });

  it('edits a block list in place, keeping its comments and indent', () => {
    const text = 'rules:\n  - id: x # the x rule\n    when:\n      mentions:\n        - a   # one\n        - "b"\n    offer: [g]\n';
    const add = applyRuleEdit(text, { op: 'add-mention', rule_id: 'x', phrase: 'c d' });
    expect(add).toEqual({ ok: true, changed: true, text: text.replace('        - "b"\n', '        - "b"\n        - "c d"\n') });
    const rm = applyRuleEdit(text, { op: 'remove-mention', rule_id: 'x', phrase: 'a' });
    expect(rm).toEqual({ ok: true, changed: true, text: text.replace('        - a   # one\n', '') });
  });

  it('adds to the file language\'s list when mentions are given per language', () => {
    const text = 'language: en\nrules:\n  - id: x\n    when:\n      mentions: { en: [noise], es: [ruido] }\n    offer: [g]\n';
    const r = applyRuleEdit(text, { op: 'add-mention', rule_id: 'x', phrase: 'blaring' });
    expect(r.ok && mentionsOf(r.text, 'x')).toEqual({ en: ['noise', 'blaring'], es: ['ruido'] });
  });

  it('answers with what is wrong: unknown rule, missing word, last word, unchanged when present', () => {
    expect(applyRuleEdit(SHIPPED, { op: 'add-mention', rule_id: 'nosie', phrase: 'x' })).toEqual({ ok: false, message: 'rule "nosie" is not in the rules file' });
    expect(applyRuleEdit(SHIPPED, { op: 'remove-mention', rule_id: 'noise', phrase: 'zzz' })).toMatchObject({ ok: false, message: 'rule "noise" does not list "zzz"' });
    const one = 'rules:\n  - id: x\n    when: { mentions: [a] }\n    offer: [g]\n';
    expect(applyRuleEdit(one, { op: 'remove-mention', rule_id: 'x', phrase: 'a' })).toMatchObject({ ok: false, message: expect.stringContaining('only word') });
    expect(applyRuleEdit(SHIPPED, { op: 'add-mention', rule_id: 'noise', phrase: 'Loud' })).toEqual({ ok: true, text: SHIPPED, changed: false });
    expect(applyRuleEdit('rules: [', { op: 'add-mention', rule_id: 'x', phrase: 'a' })).toMatchObject({ ok: false, message: expect.stringContaining('does not parse') });
  });
});
