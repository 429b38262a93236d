/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace,
 * `undefined` members dropped (as JSON.stringify does). The hash chain hashes this
 * form, so the same entry always gives the same bytes on every machine.
 *
 * This runs for every append (and every entry the lowdb adapter and chain watch re-check),
 * so it avoids the obvious costs: each object's sorted key list and quoted `"key":` heads are
 * cached per key set ("shape": log entries use a few dozen at most), and strings that need no
 * escaping skip JSON.stringify. The bytes are exactly those of the plain recursive version
 * kept as the reference in test/unit/log-canonical-json.test.ts; a property test holds them
 * equal, so hashes of existing logs still verify.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value);
  if (out === undefined) throw new TypeError('canonicalJson: value is not representable in JSON');
  return out;
}

/** Anything JSON.stringify would escape: quote, backslash, controls, and any surrogate (lone ones get escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      // NaN and Infinity would silently become null; an entry holding them is a bug upstream.
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return String(value); // the same digits JSON.stringify writes (-0 → "0")
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not JSON');
    default:
      return undefined; // undefined, function, symbol
  }
}

function writeArray(arr: unknown[]): string {
  let out = '[';
  for (let i = 0; i < arr.length; i++) {
    if (i > 0) out += ',';
    const v = arr[i];
    // A hole writes nothing: the reference's map().join() leaves it empty (see the test's note).
    if (v === undefined && !(i in arr)) continue;
    out += write(v) ?? 'null';
  }
  return `${out}]`;
}

function writeObject(obj: Record<string, unknown>): string | undefined {
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    return write((obj as { toJSON: () => unknown }).toJSON());
  }
  const shape = shapeOf(Object.keys(obj));
  const { sorted, heads } = shape;
  let out = '{';
  let first = true;
  for (let j = 0; j < sorted.length; j++) {
    const v = write(obj[sorted[j] as string]);
    if (v === undefined) continue;
    out += first ? heads[j] : `,${heads[j]}`;
    out += v;
    first = false;
  }
  return `${out}}`;
}

interface Shape {
  /** The keys in Object.keys order: the cache entry only serves this exact list. */
  keys: string[];
  sorted: string[];
  /** `"key":` for each sorted key. */
  heads: string[];
}

/** Bounded, because context objects come from clients and could have any keys. */
const MAX_SHAPES = 512;
const shapes = new Map<string, Shape>();

function shapeOf(keys: string[]): Shape {
  // The joined signature may collide (keys can hold "\n"); comparing the lists makes that harmless.
  const sig = keys.join('\n');
  const hit = shapes.get(sig);
  if (hit !== undefined && sameList(hit.keys, keys)) return hit;
  const sorted = keys.slice().sort();
  const shape: Shape = { keys, sorted, heads: sorted.map((k) => `${quote(k)}:`) };
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(sig, shape);
  return shape;
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
