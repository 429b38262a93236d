import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const RULES = `gestures:
  coffee: { label: Coffee, value: 5, kind: attention }
rules:
  - { id: haunting, learn_from_corpus: false, when: { mentions: [haunted] }, offer: [coffee] }
  - { id: noise, when: { mentions: [noise] }, offer: [coffee] }
fallback: { offer: [coffee], say: Sorry. }
`;

describe('makegood rules test --examples', () => {
  it('learns the examples as corrections, then prints the misses table and the accuracy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'makegood-learn-cli-'));
    const [rules, examples, cases] = [join(dir, 'r.yaml'), join(dir, 'e.jsonl'), join(dir, 'c.jsonl')];
    await writeFile(rules, RULES);
    await writeFile(examples, '{"text": "wailing in the attic at midnight", "expect": "haunting"}\n{"text": "chains rattling in the attic", "expect": "haunted-house"}\n');
    await writeFile(cases, '{"text": "that wailing in the attic again", "expect": "haunting"}\n');

    const before = await run('rules', 'test', '--rules', rules, '--cases', cases);
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/0\/1 cases pass \(0%\), 1 missed/);

    const after = await run('rules', 'test', '--rules', rules, '--examples', examples, '--cases', cases);
    expect(after.err).toContain(`${examples}:2: example names unknown rule "haunted-house"; it is ignored`);
    expect(after.out).toMatch(/^1\/1 cases pass \(100%\); rules r-[0-9a-f]{12}$/m);
    expect(after.code).toBe(0);
  });

  it('says where a single recommendation came from, and which corpus kind its rule inherited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'makegood-learn-cli-'));
    const [rules, examples] = [join(dir, 'r.yaml'), join(dir, 'e.jsonl')];
    await writeFile(rules, RULES);
    await writeFile(examples, '{"text": "wailing in the attic at midnight", "expect": "haunting"}\n');
    const { code, out } = await run('rules', 'test', '--rules', rules, '--examples', examples, 'that wailing in the attic again');
    expect(code).toBe(0);
    expect(out).toContain(`similar to  "wailing in the attic at midnight" (correction by ${examples}:1)`);
    expect(out).toContain('Corpus:       rule "haunting" inherited none: learn_from_corpus is false');
    const check = await run('rules', 'check', '--learned', rules);
    expect(check.out).toMatch(/^ {2}noise +kind noise \(/m);
  });
});
