/**
 * approval:decide-many on the real server: a selection decided with one note goes through the
 * single decide's checks (oversight, conflict, redacted note), logs one approval per request
 * and tells each staff widget.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/errors.ts';
import { collect, emitAck, startTestServer, SMALL_RULES, type TestServer } from '../support/server-harness.ts';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

// In SMALL_RULES, "never ordered" → the loaner (90) over the approval line of 25.
const OVER = 'the parts were never ordered';

describe('approval:decide-many', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
  });
  afterEach(async () => {
    await srv.close();
  });

  it('approves a selection with one redacted note: one approval each, staff told, a decided one is a conflict, another location forbidden', async () => {
    const mia = await srv.connect(srv.tokens.manager);
    const dee = await srv.connect(srv.tokens.managerDesMoines);
    const ana = await srv.connect(srv.tokens.staff);
    const bo = await srv.connect(srv.tokens.staffSanJose);
    const anaTold = collect(ana, 'approval:decided');
    const dm = [];
    for (let i = 0; i < 3; i++) dm.push(data(await emitAck(ana, 'recovery:recommend', { requestId: `bulk-${i}`, description: OVER })).entry_id);
    const sj = data(await emitAck(bo, 'recovery:recommend', { requestId: 'bulk-sj', description: OVER })).entry_id;
    expect(data(await emitAck(mia, 'approval:list', {}))).toHaveLength(4);

    // Mia decided the first one alone already.
    data(await emitAck(mia, 'approval:decide', { entryId: dm[0]!, approved: true }));
    const res = data(await emitAck(dee, 'approval:decide-many', { entryIds: [...dm, sj, 'e-none'], approved: true, note: 'storm week, call 515-555-0100' }));
    expect(res.decided.map((d) => d.entryId)).toEqual([dm[1], dm[2]]);
    expect(res.failed.map((f) => [f.entryId, f.code])).toEqual([
      [dm[0], 'conflict'],
      [sj, 'forbidden'],
      ['e-none', 'not_found'],
    ]);

    await expect.poll(() => anaTold.length).toBe(3);
    expect(anaTold.map((a) => a.request_id).sort()).toEqual(['bulk-0', 'bulk-1', 'bulk-2']);
    const disk = (await srv.readLog()).filter((e) => e.type === 'approval');
    expect(disk).toHaveLength(3);
    for (const e of disk.slice(1)) {
      expect(e).toMatchObject({ approved: true, actor: { name: 'Dee' } });
      expect((e as { note?: string }).note).toContain('storm week');
      expect((e as { note?: string }).note).not.toContain('515-555-0100');
    }
    // Only San Jose's request is left.
    expect(data(await emitAck(mia, 'approval:list', {})).map((p) => p.entry.id)).toEqual([sj]);
  });

  it('refuses an empty selection, too many ids, and staff', async () => {
    const mia = await srv.connect(srv.tokens.manager);
    const ana = await srv.connect(srv.tokens.staff);
    expect(await emitAck(mia, 'approval:decide-many', { entryIds: [], approved: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const tooMany = Array.from({ length: 201 }, (_, i) => `e${i}`);
    const big = await emitAck(mia, 'approval:decide-many', { entryIds: tooMany, approved: false });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(!big.ok && big.error.message).toMatch(/at most 200/);
    expect(await emitAck(ana, 'approval:decide-many', { entryIds: ['x'], approved: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
