import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, loadRulesFile, loadRulesText, type LoadResult } from '../../server/rules/index.ts';

const FILE = 'rules/desk.yaml';
const RULES = `examples: [examples/desk.jsonl]
gestures:
  coffee: { label: Coffee, value: 5, kind: attention }
rules:
  - id: noise
    label: { en: Noise complaint, es: Queja por ruido }
    when:
      mentions: { en: [noise, loud], es: [ruido, escándalo] }
    offer: [coffee]
fallback: { offer: [coffee], say: Sorry. }
`;

const texts = (desk: string | null) => new Map([['examples/desk.jsonl', desk]]);
const lines = (r: LoadResult) => (r.ok ? r.warnings : r.problems).map(formatProblem);

describe('rules files with examples, labels and per-language mentions', () => {
  it('loads a rule label and mentions per language; the Spanish words match as typed', () => {
    const r = loadRulesText(RULES, FILE, { exampleTexts: texts('{"text": "tv blaring next door", "expect": "noise"}\n') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.engine.doc.rules[0]?.label).toEqual({ en: 'Noise complaint', es: 'Queja por ruido' });
    expect(r.engine.doc.rules[0]?.when.mentions).toEqual(['noise', 'loud', 'ruido', 'escándalo']);
    expect(r.engine.recommend({ description: 'mucho ruido en el pasillo' }).rule_id).toBe('noise');
  });

  it('warns, with the example file and line, about an example naming an unknown rule', () => {
    const r = loadRulesText(RULES, FILE, { exampleTexts: texts('{"text": "tv blaring", "expect": "noise"}\n{"text": "soup cold", "expect": "nois"}\nnot json\n') });
    expect(r.ok).toBe(true);
    expect(lines(r)).toContain('examples/desk.jsonl:2:1 warning: example names unknown rule "nois"; it is ignored (did you mean "noise"?)');
    expect(lines(r).some((l) => l.startsWith('examples/desk.jsonl:3:1 warning: not valid JSON'))).toBe(true);
  });

  it('names a missing example file at the line that lists it', () => {
    const r = loadRulesText(RULES, FILE, { exampleTexts: texts(null) });
    expect(lines(r)).toContain(`${FILE}:1:12 examples: warning: example file "examples/desk.jsonl" not found; the rules load without its examples (paths are relative to the rules file)`);
  });

  it('loadRulesFile reads example files relative to the rules file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'makegood-learn-'));
    await mkdir(join(dir, 'examples'));
    await writeFile(join(dir, 'desk.yaml'), RULES.replace('[noise, loud]', '[noise]'));
    await writeFile(join(dir, 'examples', 'desk.jsonl'), '{"text": "wailing in the attic at midnight", "expect": "noise"}\n');
    const r = await loadRulesFile(join(dir, 'desk.yaml'), { corpusDir: null });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rec = r.engine.recommend({ description: 'more wailing in the attic' });
    expect(rec.rule_id).toBe('noise');
    expect(rec.explanation.example?.from).toBe('example from examples/desk.jsonl:1');
  });
});
