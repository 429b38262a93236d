/**
 * The rules file broken while the server runs — deleted, truncated, filled with garbage.
 * The last good rules keep serving (same rules_version in every answer), managers get
 * rules:error with the problem, rules:status shows it, and a fixed file goes live again.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulesStatus } from '../../server/contract/events.ts';
import { emitAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';

const DEALERSHIP = 'parts for the booked repair were never ordered';

describe('a broken rules file while the server runs', () => {
  let srv: TestServer;
  let staff: TestSocket;
  let manager: TestSocket;
  let good: string;
  let n = 0;

  /** The version the server answers with right now, and that the answer is a real match. */
  async function answeredVersion(): Promise<string> {
    const ack = await emitAck(staff, 'recovery:recommend', { requestId: `rf-${n++}`, description: DEALERSHIP });
    if (!ack.ok) throw new Error(`recommend failed: ${ack.error.code} ${ack.error.message}`);
    expect(ack.data.recommendation.rule_id).toBe('parts-not-ordered');
    return ack.data.recommendation.rules_version;
  }

  async function status(): Promise<RulesStatus> {
    const ack = await emitAck(manager, 'rules:status', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data;
  }

  /** Breaks the file, waits for the manager's rules:error, checks the old rules still answer. */
  async function expectBrokenKeepsServing(version: string, breakIt: () => Promise<void>): Promise<RulesStatus> {
    const error = nextEvent(manager, 'rules:error', 5_000);
    await breakIt();
    const reported = await error;
    expect(reported.errors.length).toBeGreaterThan(0);
    expect(reported.version).toBe(version);
    expect(await answeredVersion()).toBe(version);
    const now = await status();
    expect(now.version).toBe(version);
    expect(now.errors).toEqual(reported.errors);
    return reported;
  }

  /** Writes a valid file with a new comment (so a new version) and waits for rules:reloaded. */
  async function fix(tag: string): Promise<string> {
    const reloaded = nextEvent(manager, 'rules:reloaded', 5_000);
    await writeFile(srv.rulesFile, `${good}\n# fixed: ${tag}\n`);
    const s = await reloaded;
    expect(s.errors).toEqual([]);
    expect(await answeredVersion()).toBe(s.version);
    return s.version;
  }

  beforeAll(async () => {
    srv = await startTestServer({ rateLimit: false });
    good = readFileSync(srv.rulesFile, 'utf8');
    staff = await srv.connect(srv.tokens.staff);
    manager = await srv.connect(srv.tokens.manager);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('deleted: keeps the last good rules, reports it, and picks the file up when it is back', async () => {
    const v0 = await answeredVersion();
    const reported = await expectBrokenKeepsServing(v0, () => rm(srv.rulesFile));
    expect(reported.errors.join('\n')).toMatch(/removed|not found|missing|no such|ENOENT|deleted|does not exist/i);
    const v1 = await fix('after delete');
    expect(v1).not.toBe(v0);
  });

  it('truncated mid-file: keeps the last good rules, reports it, takes the fix', async () => {
    const v = await answeredVersion();
    // Cut inside the rules list, the way a crashed editor save leaves it.
    await expectBrokenKeepsServing(v, () => writeFile(srv.rulesFile, good.slice(0, Math.floor(good.length * 0.6))));
    await expectBrokenKeepsServing(v, () => writeFile(srv.rulesFile, ''));
    expect(await fix('after truncate')).not.toBe(v);
  });

  it('filled with garbage: binary noise, YAML of the wrong shape, tabs — each reported, old rules kept', async () => {
    const v = await answeredVersion();
    const garbage = [
      randomBytes(4096).toString('latin1'),
      'gestures: [1, 2, 3]\nrules: "not a list"\n',
      'currency: USD\ngestures:\n\tcoffee:\n\t\tlabel: tabbed\n',
      '{{{{ ]]]] : : :',
      `${good}\nrules:\n  - id: duplicate-key-at-top-level\n`,
    ];
    for (const text of garbage) await expectBrokenKeepsServing(v, () => writeFile(srv.rulesFile, text));
    expect(await fix('after garbage')).not.toBe(v);
    // The server never stopped answering other events either.
    expect((await emitAck(staff, 'rules:status', {})).ok).toBe(true);
  });
});
