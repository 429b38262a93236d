import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { main } from '../../server/cli/main.ts';
import { rulesJsonSchemaText } from '../../server/rules/index.ts';

/** Runs `makegood ...` in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'makegood-cli-'));
});
afterEach(() => {
  delete process.env.RULES_FILE;
});

describe('makegood rules check', () => {
  it('says the shipped file is valid, with counts and version, and exits 0', async () => {
    const { code, out } = await run('rules', 'check');
    expect(code).toBe(0);
    expect(out).toMatch(/^rules\/gestures\.yaml is valid: \d+ gestures, \d+ rules, version r-[0-9a-f]{12}$/m);
  });

  it('prints each problem on its own line as file:line:col and exits 1', async () => {
    const file = join(dir, 'gestures.yaml');
    const text = readFileSync('rules/gestures.yaml', 'utf8').replace('offer: [lunch, coffee]', 'offer: [lunchh, coffee]');
    await writeFile(file, text);
    const { code, out } = await run('rules', 'check', file);
    expect(code).toBe(1);
    const before = text.slice(0, text.indexOf('lunchh')).split('\n');
    const [line, col] = [before.length, before[before.length - 1]!.length + 1];
    expect(out.split('\n')).toContain(`${file}:${line}:${col} rule "parts-not-ordered": unknown gesture "lunchh" (did you mean "lunch"?)`);
  });

  it('uses $RULES_FILE when no file is given', async () => {
    process.env.RULES_FILE = join(dir, 'missing.yaml');
    const { code, out } = await run('rules', 'check');
    expect(code).toBe(1);
    expect(out).toContain(`${join(dir, 'missing.yaml')}:1:1 file not found`);
  });

  it('prints warnings but still exits 0', async () => {
    const file = join(dir, 'warn.yaml');
    await writeFile(file, 'gestures:\n  coffee: { label: Coffee, value: 8, kind: attention }\n  tea: { label: Tea, value: 3, kind: attention }\nrules: []\nfallback: { offer: [coffee], say: Sorry }\n');
    const { code, out } = await run('rules', 'check', file);
    expect(code).toBe(0);
    expect(out).toContain(`${file}:3:3 gesture "tea": warning: gesture "tea" is not offered by any rule or the fallback`);
    expect(out).toMatch(/is valid: 2 gestures, 0 rules, version r-[0-9a-f]{12} \(1 warning\)$/m);
  });
});

describe('makegood rules test', () => {
  it('explains a recommendation in readable form', async () => {
    const { code, out } = await run('rules', 'test', '--location', 'des-moines', 'Parts for the booked repair were never ordered');
    expect(code).toBe(0);
    expect(out).toMatch(/^Rule:\s+parts-not-ordered$/m);
    expect(out).toMatch(/^Gesture:\s+Lunch in our lobby café \(lunch\): \$20, attention$/m);
    expect(out).toMatch(/^Alternatives:\s+Coffee and a snack on us \(coffee\): \$8, attention$/m);
    expect(out).toMatch(/^Say:\s+"We should have had your parts ready/m);
    expect(out).toMatch(/^Approval:\s+not needed/m);
    expect(out).toMatch(/matched\s+"never ordered"/);
    expect(out).toMatch(/runner-up\s+parts-not-ordered-overnight/);
    expect(out).toMatch(/^Rules:\s+r-[0-9a-f]{12}$/m);
  });

  it('shows approval, conditions and words heard through a related word', async () => {
    const loaner = await run('rules', 'test', '--wait', '1500', 'parts never ordered');
    expect(loaner.out).toMatch(/^Gesture:\s+Complimentary loaner car \(loaner\): \$90, redo, needs approval$/m);
    expect(loaner.out).toMatch(/NEEDS A MANAGER'S APPROVAL \(\$90 is over \$25\)/);
    expect(loaner.out).toMatch(/conditions\s+.*1440/);
    const related = await run('rules', 'test', 'constant banging from upstairs');
    expect(related.out).toMatch(/^Rule:\s+noise$/m);
    expect(related.out).toMatch(/"noise": heard "banging", via related word "banging"/);
  });

  it('prints JSON with --json and uses the language asked for', async () => {
    const { code, out } = await run('rules', 'test', '--json', '--lang', 'es', '--tier', 'gold', '--paid', '200', '--customer', 'c-1', 'the soup came out cold');
    expect(code).toBe(0);
    const rec = JSON.parse(out);
    expect(rec.rule_id).toBe('cold-food');
    expect(rec.say).toMatch(/^Siento que haya llegado frío/);
  });

  it('reports a usage error naming an unknown flag, exit 2', async () => {
    const { code, err } = await run('rules', 'test', '--colour', 'red', 'soup was cold');
    expect(code).toBe(2);
    expect(err).toMatch(/^makegood rules test: unknown option "--colour"/);
    expect(err).toContain('Usage: makegood rules test');
  });

  it('rejects a non-number wait and a missing description with exit 2', async () => {
    expect((await run('rules', 'test', '--wait', 'soon', 'x')).err).toContain('--wait must be a number of minutes, got "soon"');
    expect((await run('rules', 'test')).code).toBe(2);
    expect((await run('rules', 'test', '--wait')).err).toContain('option "--wait" needs a value');
  });

  it('runs cases: reports misses in a table, bad lines by number, the accuracy, and exits 1', async () => {
    const cases = join(dir, 'cases.jsonl');
    await writeFile(
      cases,
      [
        '{"text": "the soup came out cold", "expect": "cold-food"}',
        '{"text": "the soup came out cold", "expect": "noise"}',
        '{"txt": "x", "expect": "noise"}',
      ].join('\n'),
    );
    const { code, out } = await run('rules', 'test', '--cases', cases);
    expect(code).toBe(1);
    expect(out).toContain(`${cases}:3: unknown field "txt" (did you mean "text"?)`);
    expect(out).toMatch(/^line\s+text\s+expected\s+got$/m);
    expect(out).toMatch(/^2\s+the soup came out cold\s+noise\s+cold-food$/m);
    expect(out).toMatch(/^1\/3 cases pass \(33\.3%\), 1 missed, 1 bad line; rules r-/m);
    const json = await run('rules', 'test', '--json', '--cases', cases);
    expect(JSON.parse(json.out)).toMatchObject({ total: 3, passed: 1, misses: [{ line: 2, expect: 'noise', got: 'cold-food' }] });
  });

  it('runs the shipped cases with exit 0', async () => {
    const { code, out } = await run('rules', 'test', '--cases', 'rules/examples/cases.jsonl', '--rules', 'rules/gestures.yaml');
    expect(out).toMatch(/cases pass \(100%\)/);
    expect(code).toBe(0);
  });

  it('refuses to test against an invalid rules file, exit 1', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'gestures: {}\n');
    const { code, err } = await run('rules', 'test', '--rules', file, 'soup was cold');
    expect(code).toBe(1);
    expect(err).toContain(`${file}:1:1 missing required field "rules"`);
  });
});

describe('makegood rules schema', () => {
  it('prints the generated JSON Schema and writes it with --write', async () => {
    const printed = await run('rules', 'schema');
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.out).properties.gestures).toBeDefined();
    const target = join(dir, 'schema.json');
    const written = await run('rules', 'schema', '--write', target);
    expect(written.code).toBe(0);
    expect(await readFile(target, 'utf8')).toBe(rulesJsonSchemaText());
  });
});

describe('help and usage', () => {
  it('has --help on the group and every subcommand', async () => {
    for (const argv of [['rules', '--help'], ['rules', 'check', '--help'], ['rules', 'test', '--help'], ['rules', 'schema', '-h']]) {
      const { code, out } = await run(...argv);
      expect(code).toBe(0);
      expect(out).toMatch(/^Usage: makegood rules/);
    }
  });

  it('names an unknown subcommand, exit 2', async () => {
    const { code, err } = await run('rules', 'lint');
    expect(code).toBe(2);
    expect(err).toMatch(/^makegood rules: unknown subcommand "lint"/);
  });
});

describe('the built binary (dist/makegood.js, built by the test setup)', () => {
  it('exits with the same codes as a process: 0 valid, 1 problems, 2 usage', async () => {
    const ok = execFileSync(process.execPath, ['dist/makegood.js', 'rules', 'check'], { encoding: 'utf8' });
    expect(ok).toMatch(/^rules\/gestures\.yaml is valid: /);
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'gestures:\n\tcoffee: 1\n');
    const bad = spawnSync(process.execPath, ['dist/makegood.js', 'rules', 'check', file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1 .*tabs`, 'im'));
    const usage = spawnSync(process.execPath, ['dist/makegood.js', 'rules', 'check', '--strict'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown option "--strict"');
  });
});
