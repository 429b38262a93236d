import { describe, expect, it } from 'vitest';
import { RequestTable, requestHash } from '../../server/log/request-table.ts';

describe('RequestTable', () => {
  it('finds every id among many, across table rebuilds, and nothing for unknown ids', () => {
    const t = new RequestTable();
    const ids: (string | undefined)[] = [];
    for (let seq = 1; seq <= 5000; seq++) {
      const id = seq % 3 === 0 ? undefined : `req-${seq}-${(seq * 7919) % 1000}`;
      ids.push(id);
      t.add(seq, id);
    }
    ids.forEach((id, i) => {
      if (id !== undefined) expect(t.candidates(id)).toContain(i + 1);
    });
    expect(t.candidates('never-used').every((seq) => ids[seq - 1] !== undefined)).toBe(true);
  });

  it('keeps every seq of a repeated id, oldest first', () => {
    const t = new RequestTable();
    t.add(1, 'same');
    t.add(2, 'other');
    t.add(3, 'same');
    expect(t.candidates('same')).toEqual([1, 3]);
  });

  it('rebuilds from the saved hashes column alone', () => {
    const t = new RequestTable();
    for (let seq = 1; seq <= 300; seq++) t.add(seq, `r${seq}`);
    const loaded = new RequestTable();
    loaded.hashes.load(t.hashes.bytes(300), 300);
    loaded.rebuild(300);
    expect(loaded.candidates('r123')).toEqual([123]);
  });

  it('hashes to a non-zero 32-bit integer', () => {
    for (const id of ['', 'a', 'req-1', 'ünïcode']) {
      const h = requestHash(id);
      expect(h).not.toBe(0);
      expect(h | 0).toBe(h);
    }
  });
});
