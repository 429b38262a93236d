import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { AppendOnlyLogAdapter } from '../../server/log/lowdb-append-adapter.ts';
import { openJsonlStore, LOG_FILE } from '../../server/log/jsonl-store.ts';
import { verifyLog } from '../../server/log/verify.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { recBody } from './log-fixtures.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mg-lowdb-'));
  dirs.push(d);
  return join(d, LOG_FILE);
}

describe('AppendOnlyLogAdapter with lowdb', () => {
  it('appends only new entries, sealed into a chain the store and verify accept', async () => {
    const path = temp();
    const db = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await db.read();
    expect(db.data).toEqual([]);
    db.data.push(recBody() as unknown as LogEntry);
    await db.write();
    const firstLine = readFileSync(path, 'utf8');
    db.data.push(recBody() as unknown as LogEntry, recBody() as unknown as LogEntry);
    await db.write();
    expect(readFileSync(path, 'utf8').startsWith(firstLine)).toBe(true);
    expect(db.data.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyLog(path)).toMatchObject({ ok: true, count: 3, head: db.data[2]!.hash });

    const store = await openJsonlStore(join(path, '..'));
    expect([...store.all()]).toEqual(db.data);
    await store.close();

    const again = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await again.read();
    expect(again.data).toEqual(db.data);
  });

  it('refuses a write that changed an earlier entry, even with its hash kept', async () => {
    const path = temp();
    const db = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await db.read();
    db.data.push(recBody() as unknown as LogEntry);
    await db.write();
    const before = readFileSync(path, 'utf8');
    (db.data[0] as { description: string }).description = 'nothing to see';
    db.data.push(recBody() as unknown as LogEntry);
    await expect(db.write()).rejects.toThrow(/entry 1 .* differs from what was written/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a write that removed entries', async () => {
    const path = temp();
    const db = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await db.read();
    db.data.push(recBody() as unknown as LogEntry, recBody() as unknown as LogEntry);
    await db.write();
    db.data.shift();
    await expect(db.write()).rejects.toThrow(/1 written entries were removed/);
  });

  it('refuses a sealed entry that does not continue the chain', async () => {
    const path = temp();
    const db = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await db.read();
    db.data.push(recBody() as unknown as LogEntry);
    await db.write();
    db.data.push({ ...db.data[0]!, seq: 2 });
    await expect(db.write()).rejects.toThrow(/entry 2 does not continue the chain/);
  });

  it('reads the file first when written before read(), never cutting it', async () => {
    const path = temp();
    const first = new Low<LogEntry[]>(new AppendOnlyLogAdapter(path), []);
    await first.read();
    first.data.push(recBody() as unknown as LogEntry);
    await first.write();
    const blind = new AppendOnlyLogAdapter(path);
    await expect(blind.write([recBody() as unknown as LogEntry])).rejects.toThrow(/entry 1 .* differs/);
    expect(verifyLog(path)).toMatchObject({ ok: true, count: 1 });
  });
});
