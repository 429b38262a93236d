import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../server/log/canonical-json.ts';
import { GENESIS, chainNext, checkLineBytes, lineHasHash, seqOfId, newId } from '../../server/log/hash-chain.ts';
import { recBody } from './log-fixtures.ts';

describe('canonicalJson()', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined members like JSON.stringify, and nulls undefined array items', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, 1] })).toBe('{"b":null,"c":[null,1]}');
  });

  it('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ v: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ v: Infinity })).toThrow(/non-finite/);
  });

  it('parses back to the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('hash chain lines', () => {
  it('puts the hash first and hashes exactly the rest', () => {
    const { entry, line } = chainNext(recBody(), { count: 0, hash: GENESIS }, '2026-11-20T10:00:00.000Z');
    expect(line.startsWith(`{"hash":"${entry.hash}",`)).toBe(true);
    expect(JSON.parse(line)).toEqual(entry);
    const buf = Buffer.from(line);
    expect(checkLineBytes(buf, 0, buf.length)).toEqual({ claimed: entry.hash, actual: entry.hash });
    expect(buf.toString()).toBe(line); // the check borrows a byte and puts it back
  });

  it('lineHasHash() accepts the line as written and nothing else', () => {
    const { entry, line } = chainNext(recBody(), { count: 0, hash: GENESIS }, '2026-11-20T10:00:00.000Z');
    const expected = Buffer.from(entry.hash, 'hex');
    const at = (text: string) => {
      const buf = Buffer.from(`junk\n${text}\n`);
      return lineHasHash(buf, 5, buf.length - 1, expected);
    };
    expect(at(line)).toBe(true);
    expect(at(line.replace('Guest', 'Ghost'))).toBe(false);
    const flipped = entry.hash[20] === 'a' ? 'b' : 'a';
    expect(at(line.slice(0, 29) + flipped + line.slice(30))).toBe(false);
    expect(at(line.replace('{"hash":', '{"hash" :'))).toBe(false);
    expect(at(line.slice(0, 60))).toBe(false);
  });

  it('makes ids that carry the seq', () => {
    expect(seqOfId(newId(42))).toBe(42);
    expect(newId(42)).toMatch(/^e000042-[0-9a-f]{6}$/);
    expect(seqOfId(newId(12345678))).toBe(12345678);
    expect(seqOfId('e42-abcdef')).toBeUndefined();
    expect(seqOfId('e000000-abcdef')).toBeUndefined();
  });
});
