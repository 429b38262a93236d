/**
 * `makegood rules suggest` against a real log on disk (written through the real store) and a
 * real rules file: the list, and an --apply the dry run refuses because it would break a case,
 * leaving the file byte for byte as it was.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../server/app/app-root.ts';
import type { Actor, CorrectionBody, RecommendationBody } from '../../server/contract/log-entry.ts';
import { openJsonlStore } from '../../server/log/jsonl-store.ts';

const RULES = `# A tiny hotel: two rules.
currency: USD
gestures:
  coffee: { label: Coffee, value: 5, kind: attention }
  move: { label: Another room, value: 0, kind: redo }   # free to give
rules:
  - id: noise
    when:
      mentions: [noise, loud]
    offer: [move]
  - id: broken-fixture
    when:
      mentions: [broken, tv]    # the tv is the trouble
    offer: [coffee]
fallback:
  offer: [coffee]
  say: Sorry about that.
`;

const CASES = `{"text": "the tv in 210 does not work", "expect": "broken-fixture"}
{"text": "so loud next door", "expect": "noise"}
`;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(appRoot(), 'dist/makegood.js'), 'rules', 'suggest', ...args], { env: { ...process.env, DATA_DIR: '', RULES_FILE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('makegood rules suggest on a real log', () => {
  let dir = '';
  const rulesFile = () => join(dir, 'gestures.yaml');
  const casesFile = () => join(dir, 'cases.jsonl');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'makegood-suggest-'));
    await writeFile(rulesFile(), RULES);
    await writeFile(casesFile(), CASES);
    const store = await openJsonlStore(dir);
    const actor: Actor = { token_id: 'tk-ana', name: 'Ana', role: 'staff' };
    const texts = [
      ['guests in 210 blasting their tv till 2am', 'downtown'],
      ['tv thumping through the wall all night', 'airport'],
    ] as const;
    let i = 0;
    for (const [text, location] of texts) {
      const gesture = { id: 'coffee', label: 'Coffee', value: 5, kind: 'attention' as const };
      const rec: RecommendationBody = {
        type: 'recommendation', request_id: `r-${++i}`, actor, location, description: text, context: { location }, rules_version: 'r-x',
        rule_id: 'broken-fixture', fallback: false, gesture, alternatives: [], value: 5, needs_approval: false, repeat: false,
        explanation: { matched: [{ term: 'tv', heard: 'tv', how: 'exact', score: 1 }], conditions: [], score: { text: 1, priority: 0, total: 1 }, notes: [] },
      };
      const logged = await store.append(rec);
      const move = { id: 'move', label: 'Another room', value: 0, kind: 'redo' as const };
      const corr: CorrectionBody = {
        type: 'correction', ref: logged.id, request_id: rec.request_id, actor, location, description: text, engine_rule: 'broken-fixture',
        from_rule: 'broken-fixture', rule_id: 'noise', rules_version: 'r-x', gesture: move, alternatives: [], value: 0, needs_approval: false,
        repeat: false, say: 'Let me move you.', explanation: { matched: [], conditions: [], score: { text: 0, priority: 0, total: 0 }, notes: [] },
      };
      await store.append(corr);
    }
    await store.close();
  });

  it('lists the rule staff keep correcting away from, and the word to blame', async () => {
    const out = await run(['--data', dir, '--rules', rulesFile(), '--json']);
    expect(out.code, out.stderr).toBe(0);
    const got = JSON.parse(out.stdout) as { corrections: number; suggestions: Array<{ n: number; kind: string; summary: string; edit?: unknown }> };
    expect(got.corrections).toBe(2);
    expect(got.suggestions.find((s) => s.kind === 'corrected-away')).toMatchObject({
      summary: "broken-fixture corrected to noise: 2 corrections, 2 locations; its word 'tv' matched",
      edit: { op: 'remove-mention', rule_id: 'broken-fixture', phrase: 'tv' },
    });
  }, 60_000);

  it('refuses an --apply that breaks a case that passed, naming the case, and leaves the file untouched', async () => {
    const listed = JSON.parse((await run(['--data', dir, '--rules', rulesFile(), '--json'])).stdout) as { suggestions: Array<{ n: number; kind: string }> };
    const n = listed.suggestions.find((s) => s.kind === 'corrected-away')?.n;
    const before = await readFile(rulesFile(), 'utf8');
    const out = await run(['--data', dir, '--rules', rulesFile(), '--cases', casesFile(), '--apply', String(n)]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`--apply ${n} refused, ${rulesFile()} untouched: it breaks 1 of 2 cases:`);
    expect(out.stderr).toContain(`${casesFile()}:1: "the tv in 210 does not work" expected broken-fixture, would get`);
    expect(await readFile(rulesFile(), 'utf8')).toBe(before);
  }, 60_000);

  it('says where the log is missing', async () => {
    const out = await run(['--data', join(dir, 'nowhere'), '--rules', rulesFile()]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/no recovery log at .*nowhere.*recovery-log\.jsonl \(use --data DIR or DATA_DIR\)/);
  }, 30_000);
});
