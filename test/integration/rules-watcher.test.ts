import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, rulesVersion, watchRules, type RulesWatcher, type WatchOptions } from '../../server/rules/index.ts';

/** A valid rules file whose content (and so version) varies with `n`. */
const valid = (n: number) => `gestures:
  coffee: { label: Coffee number ${n}, value: 8, kind: attention }
rules:
  - id: cold-food
    when: { mentions: [cold] }
    offer: [coffee]
fallback: { offer: [coffee], say: Sorry. }
`;
const INVALID = valid(0).replace('offer: [coffee]\nfallback', 'offer: [cofee]\nfallback');

type Event = { type: 'load'; version: string; label: string } | { type: 'error'; lines: string[] };

/** Records watcher events in order; `next()` waits for the next one (no fixed sleeps). */
function recorder() {
  const events: Event[] = [];
  let read = 0;
  let wake: (() => void) | undefined;
  const push = (e: Event) => {
    events.push(e);
    wake?.();
  };
  return {
    events,
    handlers: {
      onLoad(engine: { version: string; doc: { gestures: Record<string, { label: string | Record<string, string> }> } }) {
        const label = engine.doc.gestures.coffee?.label ?? '';
        push({ type: 'load', version: engine.version, label: typeof label === 'string' ? label : JSON.stringify(label) });
      },
      onError(problems: Parameters<typeof formatProblem>[0][]) {
        push({ type: 'error', lines: problems.map(formatProblem) });
      },
    },
    async next(timeoutMs = 10_000): Promise<Event> {
      const deadline = Date.now() + timeoutMs;
      while (read >= events.length) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no watcher event within ${timeoutMs} ms (seen: ${JSON.stringify(events)})`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = undefined;
      }
      return events[read++]!;
    },
  };
}

let dir: string;
let file: string;
const watchers: RulesWatcher[] = [];
const watchOn = (rec: ReturnType<typeof recorder>, opts: WatchOptions = {}) => {
  const w = watchRules(file, rec.handlers, opts);
  watchers.push(w);
  return w;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'makegood-watch-'));
  file = join(dir, 'gestures.yaml');
  await writeFile(file, valid(1));
});
afterEach(async () => {
  for (const w of watchers.splice(0)) w.close();
  await rm(dir, { recursive: true, force: true });
});

describe('watchRules()', () => {
  it('loads a save written in place', async () => {
    const rec = recorder();
    watchOn(rec);
    await writeFile(file, valid(2));
    expect(await rec.next()).toEqual({ type: 'load', version: rulesVersion(valid(2)), label: 'Coffee number 2' });
  });

  it('loads a save made by writing a temp file and renaming it over the old one', async () => {
    const rec = recorder();
    watchOn(rec);
    const tmp = join(dir, '.gestures.yaml.tmp');
    await writeFile(tmp, valid(3));
    await rename(tmp, file);
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(3)) });
    // The replaced inode must not lose the watch: a second rename-save loads too.
    await writeFile(tmp, valid(4));
    await rename(tmp, file);
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(4)) });
  });

  it('loads a truncate-then-write save without reporting the empty moment', async () => {
    const rec = recorder();
    watchOn(rec);
    await truncate(file, 0);
    await writeFile(file, valid(5));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(5)) });
  });

  it('loads a burst of writes once, with the last content', async () => {
    const rec = recorder();
    watchOn(rec);
    for (let n = 10; n <= 15; n++) writeFileSync(file, valid(n));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(15)) });
    // The next event is the next save, so nothing else was loaded in between.
    await writeFile(file, valid(16));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(16)) });
    expect(rec.events).toHaveLength(2);
  });

  it('skips a save whose content did not change', async () => {
    const rec = recorder();
    watchOn(rec);
    await writeFile(file, valid(1));
    await writeFile(file, valid(7));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(7)) });
    expect(rec.events).toHaveLength(1);
  });

  it('picks up a file that vanished for a moment and came back, without an error', async () => {
    const rec = recorder();
    watchOn(rec);
    await unlink(file);
    await writeFile(file, valid(8));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(8)) });
    expect(rec.events).toHaveLength(1);
  });

  it('reports a file that stays away, then loads it when it returns', async () => {
    const rec = recorder();
    watchOn(rec, { missingGraceMs: 50 });
    await unlink(file);
    const gone = await rec.next();
    expect(gone).toEqual({ type: 'error', lines: [`${file}:1:1 the rules file was removed; keeping the last good rules (put the file back to reload it)`] });
    // Even the old content counts as new once the file was reported gone.
    await writeFile(file, valid(1));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(1)) });
  });

  it('reports an invalid save with file:line:col problems, then loads the fix', async () => {
    const rec = recorder();
    watchOn(rec);
    await writeFile(file, INVALID);
    const bad = await rec.next();
    expect(bad.type).toBe('error');
    expect(bad.type === 'error' && bad.lines).toEqual([`${file}:6:13 rule "cold-food": unknown gesture "cofee" (did you mean "coffee"?)`]);
    await writeFile(file, valid(1));
    expect(await rec.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(1)) });
  });

  it('loads at once with initial: true, and skips the content the caller already has with knownVersion', async () => {
    const first = recorder();
    watchOn(first, { initial: true });
    expect(await first.next()).toMatchObject({ type: 'load', version: rulesVersion(valid(1)) });
    await writeFile(file, valid(9));
    const known = recorder();
    watchOn(known, { knownVersion: rulesVersion(valid(9)) });
    expect(await first.next()).toMatchObject({ version: rulesVersion(valid(9)) });
    await writeFile(file, valid(9) + '\n# touched\n');
    expect(await known.next()).toMatchObject({ version: rulesVersion(valid(9) + '\n# touched\n') });
    expect(known.events).toHaveLength(1);
  });

  it('stops reporting after close()', async () => {
    const closed = recorder();
    watchOn(closed).close();
    const open = recorder();
    watchOn(open);
    await writeFile(file, valid(20));
    expect(await open.next()).toMatchObject({ version: rulesVersion(valid(20)) });
    expect(closed.events).toEqual([]);
  });
});
