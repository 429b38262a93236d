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

/**
 * The plain recursive canonicalJson as first written (commit 51e0bf1 and before): the spec the
 * faster one must match byte for byte, so hashes of existing logs still verify. Kept verbatim,
 * including its quirk that an array hole writes nothing (`[,1]` → "[,1]", not JSON).
 */
function referenceCanonicalJson(value: unknown): string {
  const out = refWrite(value);
  if (out === undefined) throw new TypeError('canonicalJson: value is not representable in JSON');
  return out;
}
function refWrite(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not JSON');
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => refWrite(v) ?? 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return refWrite((obj as { toJSON: () => unknown }).toJSON());
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = refWrite(obj[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

/** Characters JSON treats specially, lone surrogates, astral and combining characters. */
const tricky = fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', 'é', 'e\u0301', '😀', '/', '<', ' ');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((xs) => xs.join('')),
);
// A small key pool, so the same key sets recur in different orders (the shape cache's case).
const key = fc.oneof(fc.constantFrom('a', 'b', 'B', 'seq', 'id', '10', '2', '0', '', '__proto__', 'a\nb', 'é', '😀', 'toString'), text);
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(-0, 0, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1 + 0.2),
);
const leaf = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }));
const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 5 }), fc.sparseArray(tie('value'), { maxLength: 5 })),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((pairs) => {
    const o: Record<string, unknown> = {};
    // defineProperty, so "__proto__" becomes an own key as JSON.parse makes it.
    for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
}));

describe('canonicalJson() matches the reference byte for byte', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
    }), { numRuns: 2000 });
  });

  it('on nested objects with unicode, escapes, -0, large numbers, undefined, dates and holes', () => {
    fc.assert(fc.property(anyValue, (v) => {
      let want: string | Error;
      try {
        want = referenceCanonicalJson(v);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) expect(() => canonicalJson(v)).toThrow(want.message);
      else expect(canonicalJson(v)).toBe(want);
    }), { numRuns: 3000 });
  });

  it('on realistic entries', () => {
    for (let i = 0; i < 50; i++) {
      const { entry } = chainNext(recBody(), { count: i, hash: GENESIS }, '2026-11-20T10:00:00.000Z');
      expect(canonicalJson(entry)).toBe(referenceCanonicalJson(entry));
    }
  });

  it('on the cases most likely to slip', () => {
    const cases: unknown[] = [
      { z: -0, a: 1e21, m: 5e-324, b: 2 ** 53 + 2 },
      { '10': 1, '2': 2, a: { '1': [], '01': {} } },
      { s: 'quote " backslash \\ nl \n nul \u0000 ls \u2028 lone \ud83d pair 😀' },
      ['x', undefined, () => 1, Symbol('s'), null],
      { a: undefined, f: () => 1, d: new Date(0), n: { toJSON: () => undefined } },
    ];
    for (const c of cases) expect(canonicalJson(c)).toBe(referenceCanonicalJson(c));
  });

  it('never confuses two key sets that join to the same signature', () => {
    // ["a\nb"] and ["a", "b"] both join to "a\nb".
    expect(canonicalJson({ 'a\nb': 1 })).toBe('{"a\\nb":1}');
    expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}');
    expect(canonicalJson({ 'a\nb': 1 })).toBe('{"a\\nb":1}');
  });

  it('stays right after the shape cache fills and is cleared', () => {
    for (let i = 0; i < 1200; i++) {
      const o = { [`k${i}`]: i, a: [i], [`j${i % 7}`]: { y: 1, x: 2 } };
      expect(canonicalJson(o)).toBe(referenceCanonicalJson(o));
    }
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

  it('keeps the id format for any seq', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (seq) => {
      const id = newId(seq);
      expect(id).toMatch(/^e\d{6,}-[0-9a-f]{6}$/);
      expect(id.slice(1, id.indexOf('-'))).toBe(String(seq).padStart(6, '0'));
      expect(seqOfId(id)).toBe(seq);
    }));
  });

  it('draws fresh random suffixes across many pool refills', () => {
    // 6,000 ids span several 4 KB pools; 24 random bits make a few repeats likely, not dozens.
    const suffixes = Array.from({ length: 6_000 }, (_, i) => newId(i + 1).slice(-6));
    expect(suffixes.every((s) => /^[0-9a-f]{6}$/.test(s))).toBe(true);
    expect(new Set(suffixes).size).toBeGreaterThan(5_950);
  });
});
