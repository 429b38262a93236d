/**
 * Full and read-only data directory, on a real filesystem: a small tmpfs mounted for the
 * test (fault-tmpfs.ts), so the kernel itself answers ENOSPC and EROFS. Tests run as root,
 * where chmod would not stop a write, and the log keeps its file open for writing, which
 * makes a live `remount,ro` fail with EBUSY — so the read-only case starts the server on a
 * disk that is already read-only and makes it writable underneath the running server.
 *
 * What must hold: clients get `unavailable` and never a false success, the server keeps
 * answering, nothing half-written stays in the log, and appends work again once space returns.
 * Without permission to mount (not root), both suites are reported as skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/errors.ts';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import { verifyLog } from '../../server/log/verify.ts';
import { startServer } from '../../server/app/start-server.ts';
import { memoryLogger } from '../../server/app/logger.ts';
import { appRoot } from '../../server/app/app-root.ts';
import { emitAck, startTestServer, type ClientSocket, type TestServer } from '../support/server-harness.ts';
import { connectTo, readLogFile, recommendationRequestIds } from '../support/fault-clients.ts';
import { mountSmallDisk, tmpfsAvailable, type SmallDisk } from '../support/fault-tmpfs.ts';

const RULES = readFileSync(join(appRoot(), 'rules/gestures.yaml'), 'utf8');
const canMount = tmpfsAvailable();
const recommend = (s: ClientSocket, requestId: string) =>
  emitAck(s, 'recovery:recommend', { requestId, description: 'the room was not ready at check-in and they waited an hour' });

/** Every acknowledged success must be on disk; every request on disk must have been acknowledged. */
function expectLogMatchesAcks(logFile: string, acked: Set<string>): void {
  const onDisk = recommendationRequestIds(readLogFile(logFile));
  expect(new Set(onDisk).size).toBe(onDisk.length);
  expect(new Set(onDisk)).toEqual(acked);
  const v = verifyLog(logFile);
  expect(v.ok, JSON.stringify(v)).toBe(true);
}

describe.skipIf(!canMount)('a full disk (real tmpfs, ENOSPC)', () => {
  let disk: SmallDisk;
  let srv: TestServer;
  let staff: ClientSocket;
  const acked = new Set<string>();

  beforeAll(async () => {
    disk = mountSmallDisk(2 * 1024 * 1024);
    srv = await startTestServer({ dataDir: disk.dir, rulesText: RULES, rateLimit: false });
    staff = await srv.connect(srv.tokens.staff);
  });
  afterAll(async () => {
    await srv?.close();
    disk?.unmount();
  });

  it('answers unavailable and never ok while full, keeps serving, and recovers when space returns', async () => {
    for (const id of ['before-1', 'before-2', 'before-3']) {
      const ack = await recommend(staff, id);
      expect(ack.ok).toBe(true);
      acked.add(id);
    }
    disk.fill();

    // The log's last page may still have room for an entry or two (tmpfs hands out whole
    // pages); those may succeed, and must then be on disk. Entries here all have the same
    // size, so once one is refused every later one is too.
    let refusedAt = -1;
    for (let i = 0; i < 8 && refusedAt < 0; i++) {
      const ack = await recommend(staff, `slack-${i}`);
      if (ack.ok) acked.add(`slack-${i}`);
      else {
        expect(ack.error.code).toBe('unavailable');
        refusedAt = i;
      }
    }
    expect(refusedAt).toBeGreaterThanOrEqual(0);

    const full = await Promise.all([...Array(12).keys()].map((i) => recommend(staff, `full-${i}`)));
    for (const ack of full) {
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('unavailable');
    }
    // A decision is smaller and may still fit the slack: saved or unavailable, never a false ok.
    const decide = await emitAck(staff, 'recovery:decide', { requestId: 'before-1', outcome: 'offered' });
    if (!decide.ok) expect(decide.error.code).toBe('unavailable');

    // Still serving everything that needs no write.
    const status = await emitAck(staff, 'rules:status', {});
    expect(status.ok).toBe(true);
    const auditor = await srv.connect(srv.tokens.auditor);
    const page = await emitAck(auditor, 'log:query', {});
    // The server's view and the disk agree (the count includes any strike-team alert it logged).
    expect(page.ok && page.data.total).toBe(readLogFile(srv.logFile).length);
    expectLogMatchesAcks(srv.logFile, acked);

    disk.freeAll();
    // The same request ids succeed now: a refused attempt left nothing behind to collide with.
    for (const i of [0, 1, 2]) {
      const ack = await recommend(staff, `full-${i}`);
      expect(ack.ok).toBe(true);
      acked.add(`full-${i}`);
    }
    expectLogMatchesAcks(srv.logFile, acked);
  });

  it('cuts a write that only partly fits: each ack is either saved or unavailable', async () => {
    // One 4 KB page free: a batch of concurrent appends starts writing, then hits ENOSPC.
    disk.fill(4096);
    disk.freeSpare();
    const ids = [...Array(24).keys()].map((i) => `tight-${i}`);
    const acks: Ack<unknown>[] = await Promise.all(ids.map((id) => recommend(staff, id)));
    acks.forEach((ack, i) => {
      if (ack.ok) acked.add(ids[i]!);
      else expect(ack.error.code).toBe('unavailable');
    });
    expect(acks.some((a) => !a.ok)).toBe(true);
    expectLogMatchesAcks(srv.logFile, acked);

    disk.freeAll();
    const after = await recommend(staff, 'after-tight');
    expect(after.ok).toBe(true);
    acked.add('after-tight');
    expectLogMatchesAcks(srv.logFile, acked);
  });
});

describe.skipIf(!canMount)('a read-only data directory (real tmpfs remounted ro)', () => {
  let disk: SmallDisk;
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(() => {
    disk = mountSmallDisk(2 * 1024 * 1024);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await running?.close();
    disk?.unmount();
  });

  it('answers unavailable while read-only and appends again once the disk is writable', async () => {
    // Tokens and a first entry while writable.
    const first = await startTestServer({ dataDir: disk.dir, rulesText: RULES, rateLimit: false });
    const { staff: staffToken, auditor: auditorToken } = first.tokens;
    const s0 = await first.connect(staffToken);
    expect((await recommend(s0, 'rw-1')).ok).toBe(true);
    await first.close();
    const acked = new Set(['rw-1']);
    const logFile = join(disk.dir, LOG_FILE);

    disk.readOnly();
    const logger = memoryLogger();
    running = await startServer(
      { port: 0, host: '127.0.0.1', dataDir: disk.dir, rulesFile: join(disk.dir, 'gestures.yaml'), allowedOrigins: null, rateLimit: false },
      { logger, watch: false },
    );
    expect(running.storeReport?.warnings.join('\n')).toMatch(/EROFS|read-only|cannot open for writing/i);
    const staff = await connectTo(running.url, staffToken);
    const auditor = await connectTo(running.url, auditorToken);
    sockets.push(staff, auditor);

    for (const id of ['ro-1', 'ro-2', 'ro-3']) {
      const ack = await recommend(staff, id);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('unavailable');
    }
    const page = await emitAck(auditor, 'log:query', {});
    expect(page.ok && page.data.total).toBe(1);

    disk.readWrite();
    for (const id of ['ro-1', 'rw-2']) {
      const ack = await recommend(staff, id);
      expect(ack.ok).toBe(true);
      acked.add(id);
    }
    expectLogMatchesAcks(logFile, acked);
  });
});
