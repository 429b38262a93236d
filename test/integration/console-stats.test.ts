/** Console read side against the real server and a real log on disk: totals, effectiveness, chain status, export. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { emitAck, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { CONSOLE_RULES, DENT, PARTS, ROOM } from '../support/console-rules.ts';

let srv: TestServer;
let staff: TestSocket;
let staffSJ: TestSocket;
let auditor: TestSocket;
let n = 0;

async function recover(who: TestSocket, description: string, outcome?: 'accepted' | 'declined', reaction?: 'delighted' | 'upset'): Promise<string> {
  const requestId = `s-${++n}`;
  const ack = await emitAck(who, 'recovery:recommend', { requestId, description });
  if (!ack.ok) throw new Error(ack.error.message);
  if (outcome) {
    const d = await emitAck(who, 'recovery:decide', { requestId, outcome, ...(reaction ? { reaction } : {}) });
    if (!d.ok) throw new Error(d.error.message);
  }
  return ack.data.entry_id;
}

beforeEach(async () => {
  srv = await startTestServer({ rulesText: CONSOLE_RULES, rateLimit: false });
  staff = await srv.connect(srv.tokens.staff);
  staffSJ = await srv.connect(srv.tokens.staffSanJose);
  auditor = await srv.connect(srv.tokens.auditor);
  await recover(staff, PARTS, 'accepted', 'delighted');
  await recover(staff, PARTS, 'declined', 'upset');
  await recover(staff, `=HYPERLINK("http://evil") ${PARTS}`);
  await recover(staffSJ, ROOM, 'accepted');
});
afterEach(async () => {
  await srv.close();
});

describe('stats over the real log', () => {
  it('totals exactly the filtered set, and a manager only their locations', async () => {
    const all = await emitAck(auditor, 'stats:totals', {});
    if (!all.ok) throw new Error(all.error.message);
    expect(all.data).toMatchObject({ count: 4, value: 15 * 3 + 4, acceptance_rate: 2 / 3 });
    expect(all.data.by_location).toEqual([
      { key: 'des-moines', count: 3, value: 45, accepted: 1, decided: 2, given_value: 15 },
      { key: 'san-jose', count: 1, value: 4, accepted: 1, decided: 1, given_value: 4 },
    ]);
    // Given (accepted) apart from recommended-but-not-given, the rate's counts, labels and currency from the rules file.
    expect(all.data).toMatchObject({ accepted: 2, decided: 3, given: { count: 2, value: 19 }, not_given: { count: 2, value: 30 }, currency: 'USD' });
    expect(all.data.labels?.rule.fallback).toBe('No rule matched (fallback)');
    // The filters' suggestions: the values in the log, rules and gestures with their labels.
    const names = await emitAck(auditor, 'log:suggest', {});
    if (!names.ok) throw new Error(names.error.message);
    expect(names.data.locations).toEqual(['des-moines', 'san-jose']);
    expect(names.data.rules.length).toBeGreaterThan(0);
    expect(names.data.rules.every((r) => r.label.length > 0)).toBe(true);
    expect(names.data.staff.length).toBeGreaterThan(0);
    expect(names.data.gestures.length).toBeGreaterThan(0);
    expect(names.data.gestures.every((g) => g.label.length > 0)).toBe(true);
    const dm = await emitAck(auditor, 'stats:totals', { location: 'des-moines', outcome: 'none' });
    expect(dm.ok && dm.data.count).toBe(1);
    const text = await emitAck(auditor, 'stats:totals', { text: 'hyperlink' });
    expect(text.ok && text.data.count).toBe(1);
    const sjManager = await srv.connect(srv.tokens.managerSanJose);
    const mine = await emitAck(sjManager, 'stats:totals', {});
    expect(mine.ok && mine.data.by_location.map((r) => r.key)).toEqual(['san-jose']);
  });

  it('totals count the same set as log:query, on the in-memory and the free-text paths', async () => {
    await recover(staff, 'nothing matches this at all'); // fallback, undecided
    const today = new Date().toISOString().slice(0, 10);
    const queries = [
      {},
      { location: 'des-moines' },
      { location: 'nowhere' },
      { outcome: 'none' },
      { outcome: 'accepted' },
      { outcome: 'declined', location: 'des-moines' },
      { staff: 'ana' },
      { staff: ' ANA ' },
      { staff: srv.tokenIds.staffSanJose },
      { rule: 'parts-not-ordered' },
      { rule: 'fallback' },
      { gesture: 'discount' },
      { since: today },
      { until: '2000-01-01' },
      { since: new Date(Date.now() - 3_600_000).toISOString(), until: today },
      { text: 'hyperlink' },
      { text: 'ROOM', outcome: 'accepted' },
    ];
    for (const q of queries) {
      const t = await emitAck(auditor, 'stats:totals', q);
      const page = await emitAck(auditor, 'log:query', { ...q, type: 'recommendation', limit: 1 });
      if (!t.ok || !page.ok) throw new Error(JSON.stringify({ q, t, page }));
      expect({ q, count: t.data.count }).toEqual({ q, count: page.data.total });
    }
    expect(await emitAck(auditor, 'stats:totals', { since: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('rates each rule and gesture over the last days', async () => {
    const manager = await srv.connect(srv.tokens.manager);
    const eff = await emitAck(manager, 'stats:effectiveness', { days: 7 });
    if (!eff.ok) throw new Error(eff.error.message);
    expect(eff.data.by_rule.find((r) => r.key === 'parts-not-ordered')).toEqual({
      key: 'parts-not-ordered',
      offered: 3,
      accepted: 1,
      declined: 1,
      acceptance_rate: 0.5,
      reactions: { delighted: 1, satisfied: 0, neutral: 0, upset: 1 },
      average_value: 15,
    });
    expect(eff.data.by_gesture.map((g) => [g.key, g.offered])).toEqual([['discount', 3], ['coffee', 1]]);
    expect(await emitAck(manager, 'stats:effectiveness', { days: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('chain status', () => {
  it('says how far the log verifies and gives the head as a checkpoint, growing with appends', async () => {
    const disk = await srv.readLog();
    const first = await emitAck(auditor, 'log:chain', {});
    if (!first.ok) throw new Error(first.error.message);
    const last = disk.at(-1)!;
    expect(first.data).toMatchObject({ ok: true, verified_count: disk.length, verified_at: last.at, head_hash: last.hash });
    expect(first.data.checkpoint).toMatchObject({ count: disk.length, hash: last.hash });

    await recover(staff, DENT);
    const second = await emitAck(auditor, 'log:chain', {});
    expect(second.ok && second.data.verified_count).toBe(disk.length + 1);

    const manager = await srv.connect(srv.tokens.manager);
    expect(await emitAck(manager, 'log:chain', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('reports a head entry changed on disk', async () => {
    const text = await readFile(srv.logFile, 'utf8');
    // Same length, one letter changed in the last entry (the San José decision).
    const at = text.lastIndexOf('"accepted"');
    expect(at).toBeGreaterThan(text.lastIndexOf('\n', text.length - 2));
    await writeFile(srv.logFile, `${text.slice(0, at)}"Accepted"${text.slice(at + 10)}`);
    const res = await emitAck(auditor, 'log:chain', {});
    // Read from the file, not the store's memory: the changed entry is named.
    expect(res.ok && res.data).toMatchObject({ ok: false, problem: expect.stringMatching(/\(seq \d+\) does not match its hash/) });
  });
});

describe('export', () => {
  it('exports exactly the filtered set as CSV, neutralising formulas, and as JSON', async () => {
    const csv = await emitAck(auditor, 'log:export', { format: 'csv', location: 'des-moines' });
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.data.filename).toMatch(/^makegood-log-.*\.csv$/);
    const lines = csv.data.content.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 3);
    expect(lines.slice(1).every((l) => l.includes('des-moines'))).toBe(true);
    expect(csv.data.content).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const json = await emitAck(auditor, 'log:export', { format: 'json', location: 'san-jose' });
    if (!json.ok) throw new Error(json.error.message);
    const entries = JSON.parse(json.data.content) as { location: string; type: string }[];
    expect(entries.map((e) => [e.type, e.location])).toEqual([['recommendation', 'san-jose'], ['decision', 'san-jose']]);

    const manager = await srv.connect(srv.tokens.manager);
    expect(await emitAck(manager, 'log:export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
