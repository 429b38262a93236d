import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, LOG_FILE } from '../../server/log/jsonl-store.ts';
import { verifyLog } from '../../server/log/verify.ts';
import { makeCheckpoint, parseCheckpoint, type Checkpoint } from '../../server/log/checkpoint.ts';
import { seal } from '../../server/log/hash-chain.ts';
import { recBody, decisionBody } from './log-fixtures.ts';

let dir: string;
let path: string;
let checkpoint: Checkpoint;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mg-logv-'));
  path = join(dir, LOG_FILE);
  const s = await openJsonlStore(dir);
  for (let i = 0; i < 10; i++) {
    const r = await s.append(recBody({ description: `Complaint number ${i}: the shower was cold.` }));
    if (i % 3 === 0) await s.append(decisionBody(r.id));
  }
  checkpoint = makeCheckpoint(s.head());
  await s.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const readLines = () => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const writeLines = (lines: string[]) => writeFileSync(path, lines.map((l) => `${l}\n`).join(''));

describe('verifyLog()', () => {
  it('passes an untouched log and reports its head', () => {
    const r = verifyLog(path, { checkpoint });
    expect(r).toMatchObject({ ok: true, count: 14, head: checkpoint.hash });
    expect(r.problem).toBeUndefined();
  });

  it('names an altered byte (hash mismatch) at its line and seq', () => {
    const lines = readLines();
    lines[4] = lines[4]!.replace('shower', 'showeR');
    writeLines(lines);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'altered', line: 5, seq: 5 });
    expect(verifyLog(path).problem?.message).toMatch(/^line 5 \(seq 5\) does not match its hash/);
  });

  it('names a flipped byte that breaks the JSON', () => {
    const buf = readFileSync(path);
    const start = buf.indexOf('\n', buf.indexOf('\n') + 1) + 1; // line 3
    buf[start + 100] = '"'.charCodeAt(0);
    writeFileSync(path, buf);
    const p = verifyLog(path).problem;
    expect(p?.line).toBe(3);
    expect(['altered', 'malformed']).toContain(p?.kind);
  });

  it('names a deleted entry', () => {
    const lines = readLines();
    lines.splice(6, 1); // seq 7
    writeLines(lines);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'deleted', line: 7, seq: 8 });
    expect(verifyLog(path).problem?.message).toMatch(/seq 7 is missing/);
  });

  it('names reordered entries', () => {
    const lines = readLines();
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    writeLines(lines);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'reordered', line: 4, seq: 5 });
    expect(verifyLog(path).problem?.message).toMatch(/found later at line 5/);
  });

  it('names a duplicated entry', () => {
    const lines = readLines();
    lines.splice(5, 0, lines[4]!);
    writeLines(lines);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'duplicate', line: 6, seq: 5 });
  });

  it('names a file cut in the middle of a line as truncated', () => {
    const size = readFileSync(path).length;
    truncateSync(path, size - 30);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'truncated', line: 14 });
  });

  it('catches a whole entry cut off the end only against a checkpoint', () => {
    writeLines(readLines().slice(0, -1));
    expect(verifyLog(path).ok).toBe(true);
    const r = verifyLog(path, { checkpoint });
    expect(r.problem).toMatchObject({ kind: 'truncated', seq: 14 });
    expect(r.problem?.message).toMatch(/13 entries but the checkpoint .*had 14/);
  });

  it('catches an entry replaced with a correctly re-hashed one by the broken link after it, and names that entry', () => {
    const lines = readLines();
    const { hash: _h, ...rest } = JSON.parse(lines[2]!);
    lines[2] = seal({ ...rest, description: 'nothing happened' }).line;
    writeLines(lines);
    expect(verifyLog(path).problem).toMatchObject({ kind: 'altered', line: 3, seq: 3 });
    expect(verifyLog(path).problem?.message).toMatch(/^line 3 \(seq 3\) was replaced: .*next entry \(line 4\)/);
  });

  it('catches a fully re-chained rewrite only against a checkpoint', () => {
    const lines = readLines();
    let prev = '0'.repeat(64);
    const rewritten = lines.map((l) => {
      const { hash: _h, ...rest } = JSON.parse(l);
      const s = seal({ ...rest, prev, ...(rest.seq === 2 ? { description: 'changed' } : {}) });
      prev = s.entry.hash;
      return s.line;
    });
    writeLines(rewritten);
    expect(verifyLog(path).ok).toBe(true);
    // An unsigned checkpoint holds only the head: the rewrite is somewhere in seq 1–14.
    const problem = verifyLog(path, { checkpoint }).problem;
    expect(problem).toMatchObject({ kind: 'altered', line: 1, seq: 1 });
    expect(problem?.message).toMatch(/rewritten since the checkpoint.*one of seq 1–14/);
  });

  it('accepts growth since a checkpoint', async () => {
    const s = await openJsonlStore(dir);
    await s.append(recBody());
    await s.close();
    expect(verifyLog(path, { checkpoint })).toMatchObject({ ok: true, count: 15 });
  });

  it('reports progress', () => {
    const seen: number[] = [];
    verifyLog(path, { onProgress: (n) => seen.push(n), progressEvery: 5 });
    expect(seen).toEqual([5, 10]);
  });
});

describe('parseCheckpoint()', () => {
  it.each([
    ['nope', /not JSON/],
    ['[]', /expected an object/],
    ['{"count":-1,"hash":"' + 'a'.repeat(64) + '"}', /count/],
    ['{"count":3,"hash":"xyz"}', /hash/],
    ['{"count":0,"hash":"' + 'a'.repeat(64) + '"}', /64 zeros/],
    ['{"count":3,"hash":"' + 'a'.repeat(64) + '","at":"soon"}', /"at"/],
  ])('refuses %s', (text, why) => {
    const r = parseCheckpoint(text, 'cp.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });
});
