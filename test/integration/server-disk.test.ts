import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultyDisk } from '../unit/log-faulty-disk.ts';
import { verifyLog } from '../../server/log/verify.ts';
import { collect, emitAck, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';

describe('disk trouble', () => {
  let srv: TestServer;
  let disk: FaultyDisk;
  beforeEach(async () => {
    disk = new FaultyDisk();
    srv = await startTestServer({ rulesText: SMALL_RULES, storeOptions: { fileOps: disk } });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('answers unavailable (never a false success), keeps serving, and works again once the disk recovers', async () => {
    const staff = await srv.connect(srv.tokens.staff);
    const manager = await srv.connect(srv.tokens.manager);
    const live = collect(manager, 'recovery:logged');

    const ok1 = await emitAck(staff, 'recovery:recommend', { requestId: 'before', description: 'cold food' });
    expect(ok1.ok).toBe(true);

    disk.failWrite = 'ENOSPC';
    const full = await emitAck(staff, 'recovery:recommend', { requestId: 'during', description: 'cold food' });
    expect(full).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const decide = await emitAck(staff, 'recovery:decide', { requestId: 'before', outcome: 'accepted' });
    expect(decide).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // Still serving reads.
    expect((await emitAck(staff, 'rules:status', {})).ok).toBe(true);

    disk.failWrite = null;
    disk.failSync = 'EIO';
    expect(await emitAck(staff, 'recovery:recommend', { requestId: 'during', description: 'cold food' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    disk.failSync = null;
    const retry = await emitAck(staff, 'recovery:recommend', { requestId: 'during', description: 'cold food' });
    expect(retry.ok).toBe(true);
    expect((await emitAck(staff, 'recovery:decide', { requestId: 'before', outcome: 'accepted' })).ok).toBe(true);

    const disk_ = await srv.readLog();
    expect(disk_.map((e) => e.type === 'decision' ? `decision:${e.request_id}` : e.type === 'recommendation' ? e.request_id : e.type)).toEqual([
      'before',
      'during',
      'decision:before',
    ]);
    expect(live.map((e) => e.request_id)).toEqual(['before', 'during']);
    expect(verifyLog(srv.logFile).ok).toBe(true);
    expect(srv.logLines.some((l) => l.startsWith('error log append failed'))).toBe(true);
  });
});
