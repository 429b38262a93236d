/**
 * The hash chain. Each entry's `hash` is the SHA-256 (hex) of the canonical JSON of the
 * entry without `hash` — so it covers seq, id, at, prev and the body — and `prev` is the
 * previous entry's hash ("0"×64 for the first).
 *
 * On disk a line is `{"hash":"<64 hex>",` followed by the canonical JSON of the rest
 * minus its opening brace. Putting the hash first, at a fixed place, lets a reader check a
 * line by hashing its bytes directly ("{" + bytes after the prefix) without re-serialising.
 *
 * Ids are "e" + seq (at least 6 digits) + "-" + 6 random hex digits, e.g. "e000042-3f9a1c".
 * The id must exist before the hash is computed (the hash covers it), so it cannot be
 * derived from the hash; the random suffix keeps ids from two different logs apart.
 */
import { hash as oneShotHash, randomBytes } from 'node:crypto';
import type { ChainFields, EntryBody, LogEntry } from '../contract/log-entry.ts';
import { canonicalJson } from './canonical-json.ts';

export const GENESIS = '0'.repeat(64);
export const HASH_PREFIX = '{"hash":"';
/** Bytes before the canonical body resumes: `{"hash":"` + 64 hex + `",`. */
export const HEADER_LENGTH = HASH_PREFIX.length + 64 + 2;

const ID_RE = /^e(\d{6,})-([0-9a-f]{6})$/;

/** Random bytes drawn 4 KB at a time: one randomBytes call per 1,365 ids instead of one per id. */
const POOL_BYTES = 4095; // a multiple of 3, so an id never straddles two draws
let pool = Buffer.alloc(0);
let poolAt = 0;
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function newId(seq: number): string {
  if (poolAt >= pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const suffix = HEX_PAIRS[pool[poolAt]!]! + HEX_PAIRS[pool[poolAt + 1]!]! + HEX_PAIRS[pool[poolAt + 2]!]!;
  poolAt += 3;
  return `e${String(seq).padStart(6, '0')}-${suffix}`;
}

/** The seq an id claims, or undefined when it is not an entry id. */
export function seqOfId(id: string): number | undefined {
  const m = ID_RE.exec(id);
  if (!m) return undefined;
  const seq = Number(m[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

export type Unsealed = EntryBody & Omit<ChainFields, 'hash'>;

/** Computes the hash of an entry and the exact line (without newline) to store. */
export function seal(unsealed: Unsealed): { entry: LogEntry; line: string } {
  if ('hash' in unsealed) throw new TypeError('seal: entry already has a hash');
  const body = canonicalJson(unsealed);
  const hash = sha256Hex(body);
  const entry = { ...unsealed, hash } as LogEntry;
  return { entry, line: `${HASH_PREFIX}${hash}",${body.slice(1)}` };
}

/** Builds and seals the next entry after `head`. */
export function chainNext(
  body: EntryBody,
  head: { count: number; hash: string },
  at: string,
): { entry: LogEntry; line: string } {
  const seq = head.count + 1;
  // Chain fields win over anything a caller smuggled into the body.
  const { seq: _s, id: _i, at: _a, prev: _p, hash: _h, ...clean } = body as EntryBody & Partial<ChainFields>;
  return seal({ ...(clean as EntryBody), seq, id: newId(seq), at, prev: head.hash });
}

export interface LineCheck {
  /** The 64 characters where the line claims its hash (not checked to be hex: compare with actual), or null when the prefix is malformed. */
  claimed: string | null;
  /** SHA-256 of the canonical body the line holds. */
  actual: string | null;
}

/** Checks a stored line's bytes against the hash it claims, without parsing it. */
export function checkLineBytes(buf: Uint8Array, start: number, end: number): LineCheck {
  if (end - start < HEADER_LENGTH + 1) return { claimed: null, actual: null };
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.toString('latin1', start, start + HASH_PREFIX.length) !== HASH_PREFIX) return { claimed: null, actual: null };
  const claimed = b.toString('latin1', start + HASH_PREFIX.length, start + HASH_PREFIX.length + 64);
  if (b[start + HEADER_LENGTH - 2] !== 0x22 || b[start + HEADER_LENGTH - 1] !== 0x2c) {
    return { claimed: null, actual: null };
  }
  // Hash "{" + the rest in one call, without copying: borrow the "," before the rest for the
  // "{" and put it back (one-shot hashing is ~3× faster than createHash() per line).
  const brace = start + HEADER_LENGTH - 1;
  b[brace] = 0x7b;
  try {
    return { claimed, actual: oneShotHash('sha256', b.subarray(brace, end), 'hex') };
  } finally {
    b[brace] = 0x2c;
  }
}

const PREFIX_BYTES = Buffer.from(HASH_PREFIX, 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * True when a stored line still hashes to `expected` (32 bytes) and claims that hash.
 * The fast path for lines a saved index already knows: no strings, no parsing.
 */
export function lineHasHash(buf: Buffer, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start < HEADER_LENGTH + 1) return false;
  if (buf.compare(PREFIX_BYTES, 0, PREFIX_BYTES.length, start, start + PREFIX_BYTES.length) !== 0) return false;
  const brace = start + HEADER_LENGTH - 1;
  if (buf[brace - 1] !== 0x22 || buf[brace] !== 0x2c) return false;
  buf[brace] = 0x7b;
  let digest: Buffer;
  try {
    digest = oneShotHash('sha256', buf.subarray(brace, end), 'buffer') as unknown as Buffer;
  } finally {
    buf[brace] = 0x2c;
  }
  if (!digest.equals(expected)) return false;
  // The claimed hex must spell the same digest.
  let at = start + PREFIX_BYTES.length;
  for (let k = 0; k < 32; k++) {
    const d = digest[k] as number;
    if (buf[at++] !== HEX_DIGITS[d >> 4] || buf[at++] !== HEX_DIGITS[d & 15]) return false;
  }
  return true;
}
