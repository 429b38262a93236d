import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { GENESIS, sha256Hex } from '../../server/log/hash-chain.ts';
import { canonicalJson } from '../../server/log/canonical-json.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { recBody, decisionBody, approvalBody, alertBody, alertClosedBody } from './log-fixtures.ts';

const dirs: string[] = [];
const stores: JsonlStore[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-log-'));
  dirs.push(d);
  return d;
}
async function open(dir: string): Promise<JsonlStore> {
  const s = await openJsonlStore(dir);
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lines = (dir: string) => readFileSync(join(dir, LOG_FILE), 'utf8').split('\n').filter(Boolean);

describe('openJsonlStore() round trip', () => {
  it('starts empty with the genesis head and creates the file', async () => {
    const dir = tempDir();
    const s = await open(dir);
    expect(s.head()).toEqual({ count: 0, hash: GENESIS });
    expect(lines(dir)).toEqual([]);
    expect(s.report.warnings).toEqual([]);
  });

  it('appends entries that read back equal after reopening', async () => {
    const dir = tempDir();
    const s = await open(dir);
    const rec = await s.append(recBody());
    const dec = await s.append(decisionBody(rec.id, 'accepted'));
    expect(rec.seq).toBe(1);
    expect(rec.prev).toBe(GENESIS);
    expect(dec.prev).toBe(rec.hash);
    expect(rec.id).toMatch(/^e000001-[0-9a-f]{6}$/);
    expect(lines(dir)).toHaveLength(2);
    await s.close();

    const again = await open(dir);
    expect(again.head()).toEqual({ count: 2, hash: dec.hash });
    expect(again.get(rec.id)).toEqual(rec);
    expect([...again.all()]).toEqual([rec, dec]);
    const next = await again.append(recBody());
    expect(next.seq).toBe(3);
    expect(next.prev).toBe(dec.hash);
  });

  it('hashes the canonical JSON of everything but the hash', async () => {
    const s = await open(tempDir());
    const e = await s.append(recBody({ description: 'Ünïcode ✓ "quoted"\nnew line' }));
    const { hash, ...rest } = e;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect((s.get(e.id) as typeof e).description).toBe('Ünïcode ✓ "quoted"\nnew line');
  });

  it('ignores chain fields smuggled into a body', async () => {
    const s = await open(tempDir());
    const e = await s.append({ ...recBody(), seq: 99, hash: 'x', prev: 'y' } as ReturnType<typeof recBody>);
    expect(e.seq).toBe(1);
    expect(e.prev).toBe(GENESIS);
  });

  it('get() refuses ids with the right seq but the wrong random part', async () => {
    const s = await open(tempDir());
    const e = await s.append(recBody());
    expect(s.get(e.id.replace(/-.*/, '-000000'))).toBeUndefined();
    expect(s.get('e000009-abcdef')).toBeUndefined();
    expect(s.get('nonsense')).toBeUndefined();
  });

  it('hands out copies: changing a returned entry does not change the log', async () => {
    const s = await open(tempDir());
    const e = await s.append(recBody());
    type Rec = LogEntry & { description: string; location: string };
    const got = s.get(e.id) as Rec;
    got.description = 'rewritten';
    expect((s.get(e.id) as Rec).description).not.toBe('rewritten');
    for (const x of s.all()) (x as Rec).location = 'elsewhere';
    expect((s.get(e.id) as Rec).location).toBe('des-moines');
  });

  it('links decisions and approvals to their recommendation, and a closure to its alert', async () => {
    const s = await open(tempDir());
    const rec = await s.append(recBody({ needs_approval: true }));
    const other = await s.append(recBody());
    const appr = await s.append(approvalBody(rec.id));
    const dec = await s.append(decisionBody(rec.id, 'offered'));
    const dec2 = await s.append(decisionBody(rec.id, 'accepted'));
    const alert = await s.append(alertBody([rec.id, other.id]));
    const closed = await s.append(alertClosedBody(alert.id));
    expect(s.related(rec.id).map((e) => e.id)).toEqual([appr.id, dec.id, dec2.id]);
    expect(s.related(other.id)).toEqual([]);
    expect(s.related(alert.id).map((e) => e.id)).toEqual([closed.id]);
    expect(s.related('e999999-000000')).toEqual([]);
  });

  it('finds a recommendation by its request id', async () => {
    const s = await open(tempDir());
    const rec = await s.append(recBody({ request_id: 'r-42' }));
    await s.append(recBody());
    expect(s.findByRequestId('r-42').map((e) => e.id)).toEqual([rec.id]);
    expect(s.findByRequestId('r-none')).toEqual([]);
  });

  it('refuses appends after close and bodies of unknown type', async () => {
    const s = await open(tempDir());
    await expect(s.append({ type: 'nope' } as never)).rejects.toMatchObject({ code: 'invalid_payload' });
    await s.close();
    await expect(s.append(recBody())).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('rejects only the one body that cannot be serialised', async () => {
    const s = await open(tempDir());
    const [a, b, c] = await Promise.allSettled([
      s.append(recBody()),
      s.append(recBody({ value: Number.NaN })),
      s.append(recBody()),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'invalid_payload' } });
    expect(c.status).toBe('fulfilled');
    expect(s.head().count).toBe(2);
  });
});
