/**
 * The correction round trip, with real parts: staff correct a recommendation over socket.io,
 * the correction is logged and learned at once (the next request on another socket benefits),
 * survives a restart (rebuilt from the log), shows up as a suggestion for the manager, and
 * `makegood rules suggest --apply N` edits the rules file (comments kept) which the running
 * server reloads.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../server/app/app-root.ts';
import type { AddWordsSuggestion } from '../../server/contract/rule-suggestions.ts';
import { recommendUnder } from '../../server/rules/recommend-under.ts';
import { emitAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';

const CLI = join(appRoot(), 'dist/makegood.js');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: appRoot(), env: { ...process.env, DATA_DIR: '', RULES_FILE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Made-up words no rule, corpus line or typo neighbour knows: only a correction can teach them.
const FIRST = 'the zorbly gronk by the kiosk went on and on';
const SECOND = 'another zorbly gronk near the kiosk, guest upset';
const LATER = 'zorbly gronk at the kiosk again, she is furious';

const ok = <T,>(ack: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

describe('rule corrections: staff → log → learned → manager suggestion → rules file', () => {
  let srv: TestServer;
  let ana: TestSocket;
  let bo: TestSocket;
  let manager: TestSocket;
  let before: string | null = null;
  // Both recommended before anyone corrects anything (a correction helps the next request at once).
  let first: Awaited<ReturnType<typeof recommend>>;
  let second: Awaited<ReturnType<typeof recommend>>;
  const recommend = async (s: TestSocket, requestId: string, description: string) => ok(await emitAck(s, 'recovery:recommend', { requestId, description }));

  beforeAll(async () => {
    srv = await startTestServer({ rateLimit: false });
    ana = await srv.connect(srv.tokens.staff);
    bo = await srv.connect(srv.tokens.staffSanJose);
    manager = await srv.connect(srv.tokens.manager);
    // What the engine does with the later text before anyone corrects anything.
    before = (await recommend(bo, 'baseline', LATER)).recommendation.rule_id;
    first = await recommend(ana, 'c-1', FIRST);
    second = await recommend(bo, 'c-2', SECOND);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('lists the rules by label for the picker, in the staff language, without internals', async () => {
    const en = ok(await emitAck(ana, 'rules:list', {}));
    expect(en.length).toBe(srv.running.app.ctx.rules().doc.rules.length);
    expect(en.find((r) => r.id === 'noise')).toEqual({ id: 'noise', label: expect.any(String) });
    expect(Object.keys(en[0] ?? {}).sort()).toEqual(['id', 'label']);
    const bad = await emitAck(ana, 'rules:list', { lang: 'spanish' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('lang') } });
  });

  it('re-recommends under the chosen rule, logs the correction, and decisions apply to it', async () => {
    expect(before).not.toBe('noise');
    expect(first.recommendation.rule_id).not.toBe('noise');
    expect(second.recommendation.rule_id).not.toBe('noise');

    const fixed = ok(await emitAck(ana, 'recovery:correct', { requestId: 'c-1', ruleId: 'noise' }));
    const noise = srv.running.app.ctx.rules().doc.rules.find((r) => r.id === 'noise');
    expect(fixed.entry_id).toBe(first.entry_id);
    expect(fixed.recommendation.rule_id).toBe('noise');
    expect(noise?.offer).toContain(fixed.recommendation.gesture.id);
    expect(fixed.state?.phase).toBe('recommended');
    expect(fixed.state?.gesture.id).toBe(fixed.recommendation.gesture.id);
    expect(fixed.recommendation.explanation.notes[0]).toContain('chosen by staff');

    const log = await srv.readLog();
    const corr = log.find((e) => e.type === 'correction');
    expect(corr).toMatchObject({
      id: fixed.correction_id,
      ref: first.entry_id,
      request_id: 'c-1',
      description: FIRST,
      engine_rule: first.recommendation.rule_id,
      from_rule: first.recommendation.rule_id,
      rule_id: 'noise',
      actor: { name: 'Ana', role: 'staff' },
      location: 'des-moines',
      gesture: { id: fixed.recommendation.gesture.id },
    });

    // A retry answers the same and logs nothing; correcting to the rule on the table is refused.
    const again = ok(await emitAck(ana, 'recovery:correct', { requestId: 'c-1', ruleId: 'noise' }));
    expect(again.correction_id).toBe(fixed.correction_id);
    expect((await srv.readLog()).filter((e) => e.type === 'correction')).toHaveLength(1);
    // The recommend retry shows the corrected recommendation.
    expect(ok(await emitAck(ana, 'recovery:recommend', { requestId: 'c-1', description: FIRST })).recommendation.rule_id).toBe('noise');

    // The gesture staff decide on is the corrected one.
    const gesture = fixed.recommendation.gesture;
    if (fixed.approval === 'pending') return; // the shipped noise rule offers no gesture over the line; nothing more to decide here
    const offered = ok(await emitAck(ana, 'recovery:decide', { requestId: 'c-1', outcome: 'offered', gestureId: gesture.id }));
    expect(offered.state.gesture.id).toBe(gesture.id);
    const detail = ok(await emitAck(manager, 'log:entry', { id: first.entry_id }));
    expect(detail.trail?.map((s) => s.what)).toContain(`rule corrected: ${first.recommendation.rule_id ?? 'fallback'} → noise`);
  });

  it('refuses what cannot be corrected, saying why', async () => {
    expect(await emitAck(ana, 'recovery:correct', { requestId: 'c-1', ruleId: 'nosie' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('did you mean "noise"') },
    });
    expect(await emitAck(ana, 'recovery:correct', { requestId: 'never-sent', ruleId: 'noise' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Another staff member's request is not theirs to correct.
    expect(await emitAck(bo, 'recovery:correct', { requestId: 'c-1', ruleId: 'dirty-room' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await emitAck(ana, 'recovery:correct', { requestId: 'c-1' })).toMatchObject({ ok: false, error: { code: 'invalid_payload', path: 'ruleId' } });
  });

  it('learns at once: the next request on another socket goes to the corrected rule, crediting the correction', async () => {
    ok(await emitAck(bo, 'recovery:correct', { requestId: 'c-2', ruleId: 'noise' }));
    const other = await srv.connect(srv.tokens.staffSanJose);
    const later = ok(await emitAck(other, 'recovery:recommend', { requestId: 'c-3', description: LATER }));
    expect(later.recommendation.rule_id).toBe('noise');
    expect(later.recommendation.explanation.example).toMatchObject({ source: 'correction', from: expect.stringMatching(/^correction by (Ana|Bo)/) });
  });

  it('shows the manager what the corrections say, and the suggestion applies to the rules file; the server reloads it', async () => {
    const got = ok(await emitAck(manager, 'rules:suggest', {}));
    expect(got.corrections).toBe(2);
    const zorbly = got.suggestions.find((s): s is AddWordsSuggestion => s.kind === 'add-words' && s.phrase === 'zorbly');
    expect(zorbly).toMatchObject({ rule_id: 'noise', corrections: 2, locations: 2, summary: "'zorbly' → noise, 2 corrections, 2 locations" });
    // A manager of one location sees only the corrections made there.
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    expect(ok(await emitAck(dee, 'rules:suggest', {})).corrections).toBe(1);

    // The CLI numbers them the same way.
    const listed = await runCli(['rules', 'suggest', '--data', srv.dataDir, '--rules', srv.rulesFile, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const fromCli = JSON.parse(listed.stdout) as { suggestions: Array<{ n: number; summary: string }> };
    expect(fromCli.suggestions.find((s) => s.n === zorbly?.n)?.summary).toBe(zorbly?.summary);

    const textBefore = await readFile(srv.rulesFile, 'utf8');
    const reloaded = nextEvent(manager, 'rules:reloaded', 45_000);
    reloaded.catch(() => {});
    const applied = await runCli(['rules', 'suggest', '--data', srv.dataDir, '--rules', srv.rulesFile, '--cases', join(appRoot(), 'rules/examples/cases.jsonl'), '--apply', String(zorbly?.n)]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/added "zorbly" to noise/);
    expect(applied.stdout).toMatch(/dry run: \d+ cases .* none broken/);

    const textAfter = await readFile(srv.rulesFile, 'utf8');
    expect(textAfter.match(/#.*$/gm)).toEqual(textBefore.match(/#.*$/gm));
    expect(textAfter.split('\n').length).toBe(textBefore.split('\n').length);
    const noise = (parse(textAfter) as { rules: Array<{ id: string; when: { mentions: string[] } }> }).rules.find((r) => r.id === 'noise');
    expect(noise?.when.mentions).toContain('zorbly');
    const status = await reloaded.catch((err: Error) => {
      throw new Error(`${err.message}; rules status: ${JSON.stringify(srv.running.app.ctx.rulesStatus())}; server said: ${srv.logLines.slice(-5).join(' | ')}`);
    });
    expect(status.version).not.toBe(ana.hello.rules.version);
    expect(srv.running.app.ctx.rules().doc.rules.find((r) => r.id === 'noise')?.when.mentions).toContain('zorbly');
  }, 120_000);

  it('refuses --apply with a precise error: out of range, bad number', async () => {
    const far = await runCli(['rules', 'suggest', '--data', srv.dataDir, '--rules', srv.rulesFile, '--apply', '999']);
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(/--apply 999: there (is|are) \d+ suggestion/);
    const bad = await runCli(['rules', 'suggest', '--data', srv.dataDir, '--apply', 'two']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--apply must be a whole number/);
  }, 30_000);

  it('a corrected gesture over the approval line is its own approval request: the manager approves that gesture, then staff may offer it', async () => {
    const ctx = srv.running.app.ctx;
    const first = ok(await emitAck(ana, 'recovery:recommend', { requestId: 'c-appr', description: 'the coffee machine in the lobby is out of order' }));
    // A rule whose gesture at this location needs a manager, found from the live rules (not assumed).
    const over = ctx.rules().doc.rules.find((r) => r.id !== first.recommendation.rule_id && recommendUnder(ctx.rules(), r.id, { description: 'x', context: { location: 'des-moines' } }, null)?.needs_approval);
    expect(over).toBeDefined();
    const requested = nextEvent(manager, 'approval:requested');
    const fixed = ok(await emitAck(ana, 'recovery:correct', { requestId: 'c-appr', ruleId: over!.id }));
    expect(fixed.approval).toBe('pending');
    const asked = await requested;
    expect(asked.request).toEqual({ entry_id: fixed.correction_id, gesture: expect.objectContaining({ id: fixed.recommendation.gesture.id, value: fixed.recommendation.gesture.value }) });
    const pending = ok(await emitAck(manager, 'approval:list', {}));
    expect(pending.filter((p) => p.entry.id === first.entry_id).map((p) => p.request.entry_id)).toEqual([fixed.correction_id]);
    // Not before the manager said yes.
    const early = await emitAck(ana, 'recovery:decide', { requestId: 'c-appr', outcome: 'offered', gestureId: fixed.recommendation.gesture.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const told = nextEvent(ana, 'approval:decided');
    ok(await emitAck(manager, 'approval:decide', { entryId: fixed.correction_id, approved: true }));
    expect(await told).toMatchObject({ request_id: 'c-appr', approved: true, gesture_id: fixed.recommendation.gesture.id });
    const offered = ok(await emitAck(ana, 'recovery:decide', { requestId: 'c-appr', outcome: 'offered', gestureId: fixed.recommendation.gesture.id }));
    expect(offered.state).toMatchObject({ phase: 'offered', approval: 'approved', gesture: { id: fixed.recommendation.gesture.id } });
  });

  it('rebuilds what it learned from the log after a restart', async () => {
    const dataDir = srv.dataDir;
    const learned = (await srv.readLog()).filter((e) => e.type === 'correction').length;
    await srv.close();
    srv = await startTestServer({ dataDir, rateLimit: false });
    expect(srv.running.app.ctx.examples?.size).toBe(learned);
    const staff = await srv.connect(srv.tokens.staff);
    const later = ok(await emitAck(staff, 'recovery:recommend', { requestId: 'after-restart', description: SECOND.replace('another ', 'one more ') }));
    expect(later.recommendation.rule_id).toBe('noise');
  });
});
