/**
 * The authorisation matrix, against real state: every role (staff, manager, auditor), no
 * token, an unknown token and a revoked token, against every event in CLIENT_EVENTS, judged
 * by EVENT_ROLES. Payloads point at real entries (a recommendation waiting for approval, an
 * open strike-team alert), so a refusal that let anything through would show in the log.
 */
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, EVENT_ROLES, type ClientEvent } from '../../server/contract/events.ts';
import { ROLES, type Role } from '../../server/contract/roles.ts';
import { emitAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';

const PARTS = 'parts for the booked repair were never ordered, the car will not be ready until tomorrow';

describe('authorisation matrix: every role × every event', () => {
  let srv: TestServer;
  const as = {} as Record<Role, TestSocket>;
  let pendingId = '';
  let pendingRequest = '';
  let alertId = '';
  const logBytes = () => statSync(srv.logFile).size;

  /** A payload per event that would really do something if the role check let it through. */
  const payload = (event: ClientEvent, tag: string): unknown =>
    ({
      'recovery:recommend': { requestId: `matrix-${tag}`, description: PARTS, context: { wait_minutes: 1500 } },
      'recovery:decide': { requestId: pendingRequest, outcome: 'declined', reaction: 'upset' },
      'approval:list': {},
      'approval:decide': { entryId: pendingId, approved: true, note: 'ok' },
      // An unknown id: answered ok with it under failed, so the open request stays for approval:decide.
      'approval:decide-many': { entryIds: ['e-none'], approved: true },
      'rules:status': {},
      'recovery:correct': { requestId: 'room-0', ruleId: 'noise' },
      'rules:list': {},
      'rules:suggest': {},
      'log:query': { limit: 5 },
      'log:entry': { id: pendingId },
      'log:export': { format: 'csv' },
      'log:chain': {},
      'log:suggest': {},
      'log:prove': { id: pendingId },
      'stats:totals': {},
      'stats:effectiveness': { days: 7 },
      'stats:live': {},
      'stats:failures': { bucket: 'day' },
      'alert:list': {},
      'alert:close': { entryId: alertId, root_cause: 'supplier portal down', fix: 'called the supplier' },
    })[event];

  beforeAll(async () => {
    srv = await startTestServer({ rateLimit: false });
    for (const role of ROLES) as[role] = await srv.connect(srv.tokens[role]);
    // A parts-not-ordered recovery with a day's wait: a loaner, over the approval line.
    for (let i = 0; i < 2; i++) {
      const ack = await emitAck(as.staff, 'recovery:recommend', { requestId: `setup-${i}`, description: PARTS, context: { wait_minutes: 1500 } });
      if (!ack.ok) throw new Error(`setup recommend failed: ${ack.error.message}`);
      if (ack.data.approval === 'pending' && !pendingId) {
        pendingId = ack.data.entry_id;
        pendingRequest = `setup-${i}`;
      }
    }
    // Five rooms not ready at one location in two hours: the rooms-backlog strike-team alert.
    const fired = nextEvent(as.manager, 'alert:fired', 15_000);
    fired.catch(() => {}); // awaited below; this only keeps a slow machine from reporting it unhandled first
    for (let i = 0; i < 5; i++) {
      await emitAck(as.staff, 'recovery:recommend', { requestId: `room-${i}`, description: 'the room was not ready at check-in and they waited an hour' });
    }
    alertId = (await fired).id;
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('has real state to protect: a pending approval and an open alert', () => {
    expect(pendingId).not.toBe('');
    expect(alertId).not.toBe('');
  });

  it('refuses every role an event it may not use with "forbidden", logging and changing nothing', async () => {
    const before = logBytes();
    const refused: string[] = [];
    for (const event of CLIENT_EVENTS) {
      for (const role of ROLES.filter((r) => !EVENT_ROLES[event].includes(r))) {
        const ack = await emitAck(as[role], event, payload(event, `${role}-${event}`));
        expect(ack, `${role} → ${event}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        // Also with an invalid payload: the role is checked first, so nothing about validation leaks.
        const junk = await emitAck(as[role], event, 'junk');
        expect(junk, `${role} → ${event} (junk)`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        refused.push(`${role}:${event}`);
      }
    }
    expect(refused.length).toBe(CLIENT_EVENTS.reduce((n, e) => n + ROLES.length - EVENT_ROLES[e].length, 0));
    expect(logBytes()).toBe(before);
    const pending = await emitAck(as.manager, 'approval:list', {});
    expect(pending.ok && pending.data.map((p) => p.entry.id)).toContain(pendingId);
    const alerts = await emitAck(as.manager, 'alert:list', {});
    expect(alerts.ok && alerts.data.find((a) => a.entry_id === alertId)?.status).toBe('open');
  });

  it('lets every allowed role through: each allowed pair answers ok', async () => {
    // Reads first, then the writes that change the state the reads look at.
    const writes = new Set<ClientEvent>(['recovery:decide', 'approval:decide', 'recovery:correct', 'alert:close']);
    const order = [...CLIENT_EVENTS.filter((e) => !writes.has(e)), ...CLIENT_EVENTS.filter((e) => writes.has(e))];
    for (const event of order) {
      for (const role of EVENT_ROLES[event]) {
        const ack = await emitAck(as[role], event, payload(event, `${role}-allowed`));
        expect(ack.ok ? 'ok' : `${ack.error.code}: ${ack.error.message}`, `${role} → ${event}`).toBe('ok');
      }
    }
  });

  it('refuses to connect with no token, a malformed or unknown token, or a revoked one: "unauthorized"', async () => {
    const before = logBytes();
    const attempts: (string | undefined)[] = [undefined, '', 'not a token', `mg_${'A'.repeat(43)}`, srv.tokens.revoked];
    for (const token of attempts) {
      const err = await srv.connect(token).then(
        (s) => {
          s.close();
          return null;
        },
        (e: Error & { data?: { code?: string } }) => e,
      );
      expect(err?.data?.code, `token ${JSON.stringify(token)}`).toBe('unauthorized');
    }
    expect(logBytes()).toBe(before);
  });

  it('a token revoked while connected is cut off (disconnected, or "unauthorized" at its next event); nothing is logged', async () => {
    for (const role of ROLES) {
      const made = await srv.addToken(role, `Short-lived ${role}`, role === 'staff' ? ['des-moines'] : ['*']);
      const socket = await srv.connect(made.secret);
      // The event each role would most like to sneak through.
      const event = ({ staff: 'recovery:recommend', manager: 'alert:close', auditor: 'log:export' } as const)[role];
      expect((await emitAck(socket, 'rules:status', {})).ok).toBe(true);
      const before = logBytes();
      const cut = new Promise<string>((r) => socket.once('disconnect', (reason) => r(reason)));
      await srv.running.tokens.revoke(made.id);
      // Right behind the revoke: the server either has cut the socket already or answers unauthorized.
      const got = await new Promise<unknown>((resolve) => {
        (socket as unknown as { emit(e: string, p: unknown, cb: (a: unknown) => void): void }).emit(event, payload(event, `revoked-${role}`), resolve);
        void cut.then(() => resolve('disconnected'));
      });
      if (got !== 'disconnected') expect(got, `${role} → ${event} after revoke`).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      // Either way the server cuts the socket and refuses the token from then on.
      expect(await cut).toBe('io server disconnect');
      expect(logBytes()).toBe(before);
      const again = await srv.connect(made.secret).catch((e: Error & { data?: { code?: string } }) => e);
      expect((again as { data?: { code?: string } }).data?.code).toBe('unauthorized');
    }
    // No entry anywhere carries a revoked token's name.
    expect(readFileSync(srv.logFile, 'utf8')).not.toContain('Short-lived');
  });
});
