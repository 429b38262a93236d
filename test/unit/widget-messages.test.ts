/** English and Spanish carry the same strings, and every wire error code has words. */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/contract/errors.ts';
import { OUTCOMES, REACTIONS } from '../../server/contract/log-entry.ts';
import { en, fmt, isPack } from '../../widget/chat/messages.ts';
import { es } from '../../widget/chat/messages-es.ts';

/** Every key path of a nested strings object, e.g. "status.offline". */
function paths(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : paths(v as object, `${prefix}${k}.`)));
}

const placeholders = (s: string) => (s.match(/\{\d\}/g) ?? []).sort().join();

describe('messages', () => {
  it('Spanish has exactly the English keys, none empty, none left in English by mistake', () => {
    expect(paths(es).sort()).toEqual(paths(en).sort());
    const get = (o: object, p: string) => p.split('.').reduce<any>((x, k) => x[k], o) as string;
    for (const p of paths(en)) {
      expect(get(es, p).trim(), p).not.toBe('');
      expect(placeholders(get(es, p)), `${p} keeps its placeholders`).toBe(placeholders(get(en, p)));
    }
    const same = paths(en).filter((p) => get(es, p) === get(en, p) && /[a-z]{4}/i.test(get(en, p)));
    expect(same).toEqual(['reactions.neutral']); // "Neutral" is Spanish too
  });

  it('has words for every error code, outcome and reaction of the contract', () => {
    for (const pack of [en, es]) {
      expect(Object.keys(pack.errors).sort()).toEqual([...ERROR_CODES].sort());
      expect(Object.keys(pack.outcomes).sort()).toEqual([...OUTCOMES].sort());
      expect(Object.keys(pack.reactions).sort()).toEqual([...REACTIONS].sort());
    }
  });

  it('isPack() accepts complete packs and refuses partial or mistyped ones', () => {
    expect(isPack(en)).toBe(true);
    expect(isPack(es)).toBe(true);
    expect(isPack({ ...es, status: { ...es.status, offline: 3 } })).toBe(false);
    expect(isPack({ ...es, chips: undefined })).toBe(false);
    expect(isPack('es')).toBe(false);
    expect(isPack(null)).toBe(false);
  });

  it('fmt() fills numbered placeholders', () => {
    expect(fmt(en.runnerUp, 'Long wait')).toBe('Close second: Long wait');
    expect(fmt(en.read, 45)).toBe('Read: waited 45 min');
  });
});
