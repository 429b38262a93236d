import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, loadRulesFile, loadRulesText, rulesJsonSchemaText, type LoadResult, type RulesProblem } from '../../server/rules/index.ts';

const FILE = 'rules/gestures.yaml';

/** A small valid rules file; tests break one thing in it at a time. */
const BASE = `currency: USD
gestures:
  coffee:
    label: Coffee and a snack on us
    value: 8
    kind: attention
  lunch:
    label: Lunch in our lobby café
    value: 20
    kind: attention
rules:
  - id: parts-not-ordered
    when:
      mentions: ["parts not ordered", "forgot to order"]
    offer: [lunch, coffee]
    say: We should have had your parts ready.
    priority: 20
  - id: cold-food
    when:
      mentions: [cold]
    offer: [coffee]
fallback:
  offer: [coffee]
  say: I'm sorry about this. Let me make it right.
`;

/** Line and column (1-based) of the first occurrence of `needle` at or after `from` in `text`: computed independently of the loader. */
function at(text: string, needle: string, from = 0): { line: number; col: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`fixture lacks ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

function problems(result: LoadResult): RulesProblem[] {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.problems;
}

function lines(result: LoadResult): string[] {
  return problems(result).map(formatProblem);
}

describe('loadRulesText()', () => {
  it('loads a valid file, with defaults filled in and a content-hash version', () => {
    const result = loadRulesText(BASE, FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.engine.version).toMatch(/^r-[0-9a-f]{12}$/);
    expect(result.engine.doc.approval_above).toBe(25);
    expect(result.engine.doc.repeat.within_days).toBe(30);
    expect(result.engine.doc.rules[1]!.priority).toBe(0);
    const again = loadRulesText(BASE, 'elsewhere.yaml');
    expect(again.ok && again.engine.version).toBe(result.engine.version);
    const edited = loadRulesText(BASE.replace('value: 8', 'value: 9'), FILE);
    expect(edited.ok && edited.engine.version).not.toBe(result.engine.version);
  });

  it('hands the validated document to the compiled engine, which recommends from it', () => {
    const result = loadRulesText(BASE, FILE);
    if (!result.ok) throw new Error(lines(result).join('\n'));
    const rec = result.engine.recommend({ description: 'we forgot to order the parts' });
    expect(rec.rule_id).toBe('parts-not-ordered');
    expect(rec.gesture.id).toBe('lunch');
    expect(rec.rules_version).toBe(result.engine.version);
  });

  it('reports an unknown gesture at its line and column, with the likely fix', () => {
    const text = BASE.replace('offer: [lunch, coffee]', 'offer: [lunchh, coffee]');
    const { line, col } = at(text, 'lunchh');
    const errors = problems(loadRulesText(text, FILE)).filter((p) => p.severity === 'error');
    expect(errors.map(formatProblem)).toEqual([`${FILE}:${line}:${col} rule "parts-not-ordered": unknown gesture "lunchh" (did you mean "lunch"?)`]);
  });

  it('reports a tab used for indentation in the same form, with the parser position', () => {
    const text = BASE.replace('    value: 8\n', '\tvalue: 8\n');
    const [first] = problems(loadRulesText(text, FILE));
    expect(first).toMatchObject({ file: FILE, line: at(text, '\tvalue').line, col: 1, severity: 'error' });
    expect(formatProblem(first!)).toMatch(/^rules\/gestures\.yaml:\d+:1 .*[Tt]abs.*\(indent with spaces, not tabs\)$/);
  });

  it('reports bad indentation with a line and a hint', () => {
    const text = BASE.replace('    value: 20\n', '     value: 20\n');
    const found = problems(loadRulesText(text, FILE));
    expect(found.length).toBeGreaterThan(0);
    // yaml reports it where the misread value starts: the bad line or the one above it.
    const bad = at(text, '     value: 20').line;
    expect([bad - 1, bad]).toContain(found[0]!.line);
    expect(found[0]!.message).toContain('indentation');
    expect(found[0]!.hint).toBeDefined();
    expect(found[0]!.where).toBe('gesture "lunch"');
  });

  it('reports a duplicate key in the YAML, naming the key', () => {
    const text = BASE.replace('    value: 8\n', '    value: 8\n    value: 9\n');
    const { line, col } = at(text, 'value: 9');
    expect(lines(loadRulesText(text, FILE))[0]).toBe(
      `${FILE}:${line}:${col} gesture "coffee": "value" appears twice here (map keys must be unique) (each field or id may appear only once in the same block)`,
    );
  });

  it('reports an unknown field at the key, suggesting the nearest valid one', () => {
    const text = BASE.replace('mentions: [cold]', 'mention: [cold]');
    const { line, col } = at(text, 'mention: [cold]');
    expect(lines(loadRulesText(text, FILE))).toContain(`${FILE}:${line}:${col} rule "cold-food": unknown field "mention" (did you mean "mentions"?)`);
  });

  it('lists the valid fields when an unknown one is nothing like them', () => {
    const text = BASE.replace('currency: USD', 'currency: USD\nzzzzzz: 1');
    expect(lines(loadRulesText(text, FILE))[0]).toMatch(/^rules\/gestures\.yaml:2:1 unknown field "zzzzzz" \(fields here: currency, language, .*\)$/);
  });

  it('reports a negative value with the value it got', () => {
    const text = BASE.replace('value: 8', 'value: -5');
    const { line, col } = at(text, '-5');
    expect(lines(loadRulesText(text, FILE))).toEqual([`${FILE}:${line}:${col} gesture "coffee": value: must be zero or more, got -5`]);
  });

  it('reports empty mentions', () => {
    const text = BASE.replace('mentions: [cold]', 'mentions: []');
    const { line, col } = at(text, '[]');
    expect(lines(loadRulesText(text, FILE))).toEqual([`${FILE}:${line}:${col} rule "cold-food": when.mentions: list at least one word or phrase`]);
    const blank = BASE.replace('mentions: [cold]', 'mentions: ["  "]');
    expect(lines(loadRulesText(blank, FILE))[0]).toContain('rule "cold-food": when.mentions[0]: an empty word never matches');
  });

  it('reports a missing required field at its parent', () => {
    const text = BASE.replace('    label: Coffee and a snack on us\n', '');
    const { line, col } = at(text, 'value: 8');
    expect(lines(loadRulesText(text, FILE))).toEqual([`${FILE}:${line}:${col} gesture "coffee": missing required field "label"`]);
  });

  it('reports a missing text-or-per-language field (the fallback\'s say) the same way', () => {
    const text = BASE.replace("  say: I'm sorry about this. Let me make it right.\n", '');
    const { line, col } = at(text, 'offer: [coffee]', text.indexOf('fallback:'));
    expect(lines(loadRulesText(text, FILE))).toEqual([`${FILE}:${line}:${col} fallback: missing required field "say"`]);
  });

  it('suggests the nearest kind for a misspelt one', () => {
    const text = BASE.replace('kind: attention', 'kind: atention');
    expect(lines(loadRulesText(text, FILE))[0]).toMatch(
      /gesture "coffee": kind: "atention" is not one of money, redo, attention, upgrade \(did you mean "attention"\?\)$/,
    );
  });

  it('explains the two forms of say when given something else', () => {
    const text = BASE.replace('say: We should have had your parts ready.', 'say: 42');
    expect(lines(loadRulesText(text, FILE))[0]).toContain('rule "parts-not-ordered": say: expected text, or one text per language like { en: "...", es: "..." }, got the number 42');
    const badLang = BASE.replace('say: We should have had your parts ready.', 'say: { english: hi }');
    expect(lines(loadRulesText(badLang, FILE))[0]).toContain('language codes are two letters');
  });

  it('suggests a valid id for a gesture named with capitals or spaces', () => {
    const text = BASE.replace('  lunch:\n', '  Lobby Lunch:\n');
    expect(lines(loadRulesText(text, FILE))).toContain(
      `${FILE}:${at(text, 'Lobby Lunch').line}:3 gesture "Lobby Lunch": "Lobby Lunch" is not a valid id: use lowercase letters, digits and dashes, e.g. "parts-not-ordered" (did you mean "lobby-lunch"?)`,
    );
  });

  it('rejects an empty file and a file that is not a map', () => {
    expect(lines(loadRulesText('  \n', FILE))).toEqual([`${FILE}:1:1 the file is empty (start from the shipped rules/gestures.yaml)`]);
    expect(lines(loadRulesText('- just\n- a list\n', FILE))[0]).toContain('expected fields like gestures:, rules: and fallback:');
  });

  it('counts lines the same in a file saved with Windows line endings', () => {
    const text = BASE.replace('offer: [lunch, coffee]', 'offer: [lunchh, coffee]');
    const crlf = text.replace(/\n/g, '\r\n');
    const { line, col } = at(text, 'lunchh');
    expect(problems(loadRulesText(crlf, FILE)).filter((p) => p.severity === 'error')[0]).toMatchObject({ line, col });
  });

  it('refuses a second YAML document and an alias bomb with a readable line', () => {
    expect(lines(loadRulesText(BASE + '---\nmore: 1\n', FILE))).toEqual([
      `${FILE}:${at(BASE + '---\n', '---').line}:1 the file holds more than one YAML document (a --- line) (keep one document: remove the --- line and merge what follows)`,
    ]);
    const bomb = ['a: &a [1,1,1,1,1,1,1,1,1]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n');
    expect(lines(loadRulesText(bomb, FILE))[0]).toMatch(/^rules\/gestures\.yaml:1:1 cannot read the YAML: /);
  });

  it('names a rule by position when its id is missing', () => {
    const text = BASE.replace('  - id: cold-food\n    when:', '  - when:');
    expect(lines(loadRulesText(text, FILE))[0]).toMatch(/rules\[1\]: missing required field "id"$/);
  });
});

describe('loadRulesText() on damaged input', () => {
  const lineCount = (text: string) => text.split('\n').length;
  const wellFormed = (text: string, result: LoadResult) => {
    const found = result.ok ? result.warnings : result.problems;
    if (!result.ok) expect(found.some((p) => p.severity === 'error')).toBe(true);
    for (const p of found) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lineCount(text));
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
  };

  it('never throws on arbitrary text, and every problem points inside the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        wellFormed(text, loadRulesText(text, FILE));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when a valid file has a character cut, added or swapped anywhere', () => {
    const edit = fc.record({
      at: fc.nat({ max: BASE.length }),
      cut: fc.nat({ max: 3 }),
      add: fc.constantFrom('', ' ', '\t', ':', '-', '[', ']', '{', '"', "'", '#', '\n', '&a', '*a', '!!', 'x', '0', '---'),
    });
    fc.assert(
      fc.property(edit, ({ at, cut, add }) => {
        const text = BASE.slice(0, at) + add + BASE.slice(at + cut);
        wellFormed(text, loadRulesText(text, FILE));
      }),
      { numRuns: 400 },
    );
  });
});

describe('loadRulesFile()', () => {
  it('reads a real file and reports a missing one as a problem, not a throw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'makegood-rules-'));
    const path = join(dir, 'gestures.yaml');
    await writeFile(path, BASE);
    expect((await loadRulesFile(path)).ok).toBe(true);
    const missing = await loadRulesFile(join(dir, 'nope.yaml'));
    expect(lines(missing)).toEqual([`${join(dir, 'nope.yaml')}:1:1 file not found (pass the path to your rules file, or set RULES_FILE)`]);
  });
});

describe('the shipped rules', () => {
  it('rules/gestures.yaml is valid, with no warnings, and big enough to be a real starter policy', async () => {
    const result = await loadRulesFile('rules/gestures.yaml');
    if (!result.ok) throw new Error(lines(result).join('\n'));
    expect(result.warnings.map(formatProblem)).toEqual([]);
    const { doc } = result.engine;
    expect(Object.keys(doc.gestures).length).toBeGreaterThanOrEqual(14);
    expect(doc.rules.length).toBeGreaterThanOrEqual(28);
    expect(doc.alerts.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync('rules/gestures.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
  });

  it('rules/schema.json is exactly what the zod schema generates (run `makegood rules schema --write rules/schema.json`)', () => {
    expect(readFileSync('rules/schema.json', 'utf8')).toBe(rulesJsonSchemaText());
  });
});
