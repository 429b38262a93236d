import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlStore, type JsonlStore } from '../../server/log/jsonl-store.ts';
import { exportLog, CSV_COLUMNS } from '../../server/log/export.ts';
import { csvCell } from '../../server/log/csv.ts';
import { recBody, decisionBody, approvalBody } from './log-fixtures.ts';

/** A small RFC 4180 parser, to check what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}

let dir: string;
let store: JsonlStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mg-export-'));
  store = await openJsonlStore(dir, { now: () => new Date('2026-11-20T10:00:00Z') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('csvCell()', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['\ncmd', `"'\ncmd"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['mid = sign', 'mid = sign'],
  ])('neutralises and quotes %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
});

describe('exportLog()', () => {
  it('writes one CSV row per recommendation with how it ended', async () => {
    const a = await store.append(recBody({ description: '=cmd|" /C calc"!A0 guest angry, "loud" room', needs_approval: true, value: 120 }));
    await store.append(approvalBody(a.id, true));
    await store.append(decisionBody(a.id, 'offered'));
    await store.append(decisionBody(a.id, 'accepted', { reaction: 'delighted' }));
    const b = await store.append(recBody({ location: 'austin', rule_id: null, fallback: true, actor: { token_id: 't2', name: '@Bo', role: 'staff' } }));
    const rows = parseCsv(exportLog(store, 'csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byId.get(a.id)).toEqual([
      a.at, a.id, 'des-moines', 'Ana', `'=cmd|" /C calc"!A0 guest angry, "loud" room`, 'long-wait', 'free-breakfast', '120',
      'free-breakfast', '120', 'true', 'approved', 'accepted', 'delighted', '0', a.rules_version, a.hash,
    ]);
    expect(byId.get(b.id)?.slice(2, 15)).toEqual(['austin', "'@Bo", b.description, 'fallback', 'free-breakfast', '18', 'free-breakfast', '18', 'false', 'not_needed', 'none', '', '0']);
  });

  it('reports the gesture finally given with its own value and approval, beside the one recommended', async () => {
    const a = await store.append(recBody());
    const swap = await store.append(decisionBody(a.id, 'swapped', { gesture_id: 'spa-credit', value: 40, needs_approval: true, reaction: undefined }));
    const col = (name: (typeof CSV_COLUMNS)[number]) => (r: string[]) => r[CSV_COLUMNS.indexOf(name)];
    const row = () => parseCsv(exportLog(store, 'csv'))[1]!;
    expect(['recommended_gesture', 'recommended_value', 'gesture', 'value', 'needs_approval', 'approval', 'outcome'].map((c) => col(c as never)(row()))).toEqual([
      'free-breakfast', '18', 'spa-credit', '40', 'true', 'pending', 'swapped',
    ]);
    await store.append(approvalBody(a.id, true, { gesture_id: 'spa-credit', value: 40, request: swap.id }));
    await store.append(decisionBody(a.id, 'accepted', { gesture_id: 'spa-credit', value: 40 }));
    await store.append(decisionBody(a.id, 'declined', { gesture_id: 'spa-credit', value: 40, correction: { reason: 'wrong button' } }));
    expect(['gesture', 'value', 'approval', 'outcome', 'corrections'].map((c) => col(c as never)(row()))).toEqual(['spa-credit', '40', 'approved', 'declined', '1']);
  });

  it('applies the query filters to CSV and JSON alike', async () => {
    await store.append(recBody({ location: 'austin' }));
    const keep = await store.append(recBody({ location: 'boston' }));
    const dec = await store.append(decisionBody(keep.id, 'declined', { location: 'boston' }));
    const csv = parseCsv(exportLog(store, 'csv', { location: 'boston' }));
    expect(csv.slice(1).map((r) => r[1])).toEqual([keep.id]);
    const json = JSON.parse(exportLog(store, 'json', { location: 'boston' }));
    expect(json).toEqual([keep, dec]);
    expect(JSON.parse(exportLog(store, 'json', { location: 'nowhere' }))).toEqual([]);
  });
});
