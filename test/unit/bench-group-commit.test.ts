import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitQueue } from '../../test/bench/group-commit-queue.ts';

/** A sink that records each batch and holds it until the test releases it. */
function heldSink() {
  const batches: string[][] = [];
  const releases: Array<(err?: Error) => void> = [];
  const sink = (batch: string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(batch);
      releases.push((err) => (err ? reject(err) : resolve()));
    });
  return { sink, batches, releases };
}

const settled = <T>(p: Promise<T>) => {
  const s = { done: false, error: undefined as unknown };
  p.then(
    () => (s.done = true),
    (e: unknown) => ((s.done = true), (s.error = e)),
  );
  return s;
};
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('GroupCommitQueue (the durable echo floor)', () => {
  it('writes the first payload alone and everything that arrived during that sync in one next batch', async () => {
    const { sink, batches, releases } = heldSink();
    const q = new GroupCommitQueue(sink);
    const a = settled(q.submit('a'));
    const rest = ['b', 'c', 'd'].map((x) => settled(q.submit(x)));
    await tick();
    expect(batches).toEqual([['a']]);
    releases[0]!();
    await tick();
    expect(a.done).toBe(true);
    expect(rest.every((r) => !r.done)).toBe(true); // not acked before their own sync
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    releases[1]!();
    await tick();
    expect(rest.every((r) => r.done && r.error === undefined)).toBe(true);
    expect(q.batches).toEqual([1, 3]);
  });

  it('rejects only the batch whose sync failed and keeps serving', async () => {
    const { sink, batches, releases } = heldSink();
    const q = new GroupCommitQueue(sink);
    const a = settled(q.submit('a'));
    const b = settled(q.submit('b'));
    await tick();
    releases[0]!(new Error('EIO: disk gone'));
    await tick();
    expect(String(a.error)).toContain('EIO');
    releases[1]!();
    await tick();
    expect(b.done && b.error === undefined).toBe(true);
    const c = settled(q.submit('c'));
    await tick();
    expect(batches.at(-1)).toEqual(['c']);
    releases[2]!();
    await tick();
    expect(c.done && c.error === undefined).toBe(true);
  });

  describe('with a real file and fdatasync', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('has every acked payload on disk as one JSON line, in order', async () => {
      dir = await mkdtemp(join(tmpdir(), 'makegood-durable-echo-'));
      const file = join(dir, 'echo.jsonl');
      const fh = await open(file, 'a');
      const q = new GroupCommitQueue<string>(async (lines) => {
        await fh.write(`${lines.join('\n')}\n`);
        await fh.datasync();
      });
      const payloads = Array.from({ length: 200 }, (_, i) => JSON.stringify({ requestId: `r${i}`, description: `cold soup ${i}` }));
      await Promise.all(payloads.map((p) => q.submit(p)));
      await fh.close();
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      expect(lines).toEqual(payloads);
      // 200 submits in one go share far fewer syncs than 200.
      expect(q.batches.length).toBeLessThan(payloads.length);
      expect(q.batches.reduce((s, n) => s + n, 0)).toBe(200);
    });
  });
});
