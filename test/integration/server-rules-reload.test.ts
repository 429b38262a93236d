import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/errors.ts';
import { StartError } from '../../server/app/start-server.ts';
import { emitAck, nextEvent, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe('rules hot reload', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('a valid save is live for the next request and announced to managers', async () => {
    const manager = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const before = data(await emitAck(staff, 'recovery:recommend', { requestId: 'v1', description: 'cold food' }));
    expect(before.recommendation.gesture.id).toBe('discount');

    const reloaded = nextEvent(manager, 'rules:reloaded');
    await writeFile(srv.rulesFile, SMALL_RULES.replace('offer: [discount, coffee]', 'offer: [coffee, discount]'));
    const status = await reloaded;
    expect(status.version).not.toBe(before.recommendation.rules_version);
    expect(status.errors).toEqual([]);

    const after = data(await emitAck(staff, 'recovery:recommend', { requestId: 'v2', description: 'cold food' }));
    expect(after.recommendation.gesture.id).toBe('coffee');
    expect(after.recommendation.rules_version).toBe(status.version);
    const disk = await srv.readLog();
    expect(disk.map((e) => e.type === 'recommendation' && e.rules_version)).toEqual([before.recommendation.rules_version, status.version]);
  });

  it('an invalid save keeps the last good rules, reports where, and tells managers', async () => {
    const manager = await srv.connect(srv.tokens.manager);
    const staff = await srv.connect(srv.tokens.staff);
    const good = data(await emitAck(staff, 'rules:status', {}));

    const broken = nextEvent(manager, 'rules:error');
    await writeFile(srv.rulesFile, SMALL_RULES.replace('offer: [discount, coffee]', 'offer: [discont, coffee]'));
    const status = await broken;
    expect(status.version).toBe(good.version);
    expect(status.errors.join('\n')).toMatch(/discont/);
    expect(status.errors.join('\n')).toMatch(/gestures\.yaml:\d+:\d+/);

    const still = data(await emitAck(staff, 'recovery:recommend', { requestId: 'x1', description: 'cold food' }));
    expect(still.recommendation.rules_version).toBe(good.version);
    expect(still.recommendation.gesture.id).toBe('discount');
    expect(data(await emitAck(manager, 'rules:status', {})).errors.length).toBeGreaterThan(0);
    expect(srv.logLines.some((l) => l.startsWith('warn rules file'))).toBe(true);

    // Fixing the file clears the errors.
    const fixed = nextEvent(manager, 'rules:reloaded');
    await writeFile(srv.rulesFile, SMALL_RULES.replace('say: I am sorry about that.', 'say: So sorry about that.'));
    expect((await fixed).errors).toEqual([]);
  });
});

describe('start with a bad rules file', () => {
  it('refuses to start and names the problems', async () => {
    const err = await startTestServer({ rulesText: SMALL_RULES.replace('offer: [coffee]\n  say', 'offer: [cofee]\n  say') }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartError);
    expect((err as StartError).message).toMatch(/not valid/);
    expect((err as StartError).message).toMatch(/cofee/);
  });
});
