/**
 * 10,000 random and malformed payloads across every client event (fast-check): non-objects,
 * wrong types, missing and over-long fields, deep nesting, binary blobs, prototype-pollution
 * keys, missing ack callbacks. The server must stay up, answer every acknowledged call with a
 * well-formed ack (never `internal`), refuse what is invalid by construction with
 * `invalid_payload`, and log nothing except what an ok ack reported.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/contract/errors.ts';
import { EVENT_ROLES, type ClientEvent } from '../../server/contract/events.ts';
import type { Role } from '../../server/contract/roles.ts';
import { emitAck, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { readLogFile } from '../support/fault-clients.ts';
import { deep, payloadCase, WRITE_EVENTS, type PayloadCase } from '../support/fault-payloads.ts';

const BATCH = 20;
const RUNS = 500; // × BATCH = 10,000 payloads

type AnyAck = { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };

describe('hostile payloads on every event', () => {
  let srv: TestServer;
  const socketFor = {} as Record<Role, TestSocket>;
  /** Entry ids that ok acks of write events reported. */
  const reported = new Set<string>();
  const seen: Record<string, number> = {};

  const socketOf = (event: ClientEvent) => socketFor[EVENT_ROLES[event][0]!];

  function send(c: PayloadCase): Promise<AnyAck | null> {
    const socket = socketOf(c.event) as unknown as { emit(...a: unknown[]): void };
    if (c.noAck) {
      socket.emit(c.event, c.payload);
      return Promise.resolve(null);
    }
    return emitAck(socketOf(c.event), c.event, c.payload, 10_000) as Promise<AnyAck>;
  }

  function check(c: PayloadCase, ack: AnyAck | null): void {
    if (ack === null) return;
    expect(typeof ack === 'object' && ack !== null, `ack for ${c.event} is an object`).toBe(true);
    if (ack.ok === true) {
      expect(c.expect, `${c.event} accepted an invalid payload: ${JSON.stringify(c.payload)?.slice(0, 300)}`).not.toBe('invalid');
      expect('data' in ack).toBe(true);
      if (WRITE_EVENTS.has(c.event)) reported.add((ack.data as { entry_id: string }).entry_id);
      seen.ok = (seen.ok ?? 0) + 1;
      return;
    }
    expect(ack.ok).toBe(false);
    const code = ack.error?.code as string;
    seen[code] = (seen[code] ?? 0) + 1;
    expect(ERROR_CODES as readonly string[]).toContain(code);
    expect(typeof ack.error?.message).toBe('string');
    expect(code, `${c.event} ${JSON.stringify(c.payload)?.slice(0, 300)}: ${String(ack.error?.message)}`).not.toBe('internal');
    if (c.expect === 'invalid') expect(code).toBe('invalid_payload');
    if (c.expect === 'valid') expect.fail(`${c.event} refused a valid payload: ${code} ${String(ack.error?.message)}`);
  }

  beforeAll(async () => {
    srv = await startTestServer({ rateLimit: false });
    socketFor.staff = await srv.connect(srv.tokens.staff);
    socketFor.manager = await srv.connect(srv.tokens.manager);
    socketFor.auditor = await srv.connect(srv.tokens.auditor);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it(`answers ${BATCH * RUNS} random and malformed payloads with error codes and logs none of them`, async () => {
    const before = readLogFile(srv.logFile).length;
    await fc.assert(
      fc.asyncProperty(fc.array(payloadCase, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        const acks = await Promise.all(cases.map(send));
        cases.forEach((c, i) => check(c, acks[i]!));
      }),
      { numRuns: RUNS, seed: 61 },
    );
    // Still up and every socket still connected.
    for (const s of Object.values(socketFor)) expect(s.connected).toBe(true);
    expect((await emitAck(socketFor.staff, 'rules:status', {})).ok).toBe(true);

    // Exactly what the ok acks reported reached the log (plus any strike-team alert the valid ones set off).
    const added = readLogFile(srv.logFile).slice(before);
    expect(new Set(added.filter((e) => e.type !== 'alert').map((e) => e.id))).toEqual(reported);
    expect(reported.size).toBeGreaterThan(0);
    expect(seen.invalid_payload ?? 0).toBeGreaterThan(1_000);
    // Nothing leaked onto Object.prototype (the server runs in this process).
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('a frame over the size limit closes only that connection; nothing is logged and the server carries on', async () => {
    const before = readLogFile(srv.logFile).length;
    const victim = await srv.connect(srv.tokens.staff);
    const closed = new Promise<string>((r) => victim.once('disconnect', (reason) => r(reason)));
    (victim as unknown as { emit(...a: unknown[]): void }).emit('recovery:recommend', { requestId: 'huge', description: 'x'.repeat(1 << 20) }, () => {
      throw new Error('an oversize frame must not be answered');
    });
    expect(await closed).toBeTruthy();
    expect(readLogFile(srv.logFile).length).toBe(before);
    expect((await emitAck(socketFor.staff, 'rules:status', {})).ok).toBe(true);
  });

  it('deep nesting and prototype keys in a recommend are refused, not merged', async () => {
    const staff = socketFor.staff;
    const cases: unknown[] = [
      { requestId: 'deep-1', description: 'soup cold', context: deep(2_000) },
      JSON.parse('{"requestId":"proto-1","description":"soup cold","__proto__":{"polluted":true}}'),
      { requestId: 'ctor-1', description: 'soup cold', constructor: { prototype: { polluted: true } } },
      deep(3_000),
    ];
    for (const payload of cases) {
      const ack = await emitAck(staff, 'recovery:recommend', payload);
      expect(ack.ok === false && ack.error.code, JSON.stringify(payload).slice(0, 200)).toBe('invalid_payload');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const ids = readLogFile(srv.logFile).flatMap((e) => (e.type === 'recommendation' ? [e.request_id] : []));
    expect(ids.filter((id) => /^(deep|proto|ctor)-/.test(id))).toEqual([]);
  });

  // Found by this suite: zod's catchall skips an own "__proto__" key, so this payload used to be
  // accepted with the field silently dropped. A context value must be a short string, number or
  // boolean (issue 3); an object under any name is invalid and must be refused, not logged.
  it('a context field named __proto__ holding an object is refused, not silently dropped', async () => {
    const payload = JSON.parse('{"requestId":"proto-ctx","description":"soup cold","context":{"__proto__":{"polluted":true}}}');
    const ack = await emitAck(socketFor.staff, 'recovery:recommend', payload);
    expect(ack.ok === false && ack.error.code).toBe('invalid_payload');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(readLogFile(srv.logFile).some((e) => e.type === 'recommendation' && e.request_id === 'proto-ctx')).toBe(false);
  });
});
