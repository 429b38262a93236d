/**
 * RFC 6962 Merkle hash trees (Certificate Transparency, section 2.1), pure.
 *
 * - leaf hash = SHA-256(0x00 || leaf data), node hash = SHA-256(0x01 || left || right);
 *   the tree of no leaves hashes to SHA-256("").
 * - MTH(D[n]) splits at k, the largest power of two below n: left D[0:k], right D[k:n].
 * - PATH (2.1.1) proves one leaf is in a tree of a given size; PROOF (2.1.2) proves a tree of
 *   size m is a prefix of a tree of size n. The verifiers follow RFC 9162 2.1.3.2 / 2.1.4.2.
 *
 * Our leaf data is an entry's `hash` as 32 raw bytes (SHA-256 of its canonical JSON, so of
 * every byte of its line): leaf i (0-based) is entry seq i+1. See signed-checkpoint.ts.
 */
import { hash as oneShot } from 'node:crypto';

export const HASH_BYTES = 32;
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

const sha256 = (data: Uint8Array): Buffer => oneShot('sha256', data, 'buffer') as unknown as Buffer;

export const EMPTY_ROOT: Buffer = sha256(Buffer.alloc(0));

export function leafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

/** The leaf hash of an entry whose `hash` field is `entryHashHex` (64 hex digits). */
export function entryLeafHash(entryHashHex: string): Buffer {
  return leafHash(Buffer.from(entryHashHex, 'hex'));
}

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes, straight from the RFC's recursive definition (the reference). */
export function rootOf(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return Buffer.from(leaves[0]!);
  const k = splitPoint(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

const isHash = (b: unknown): b is Uint8Array => b instanceof Uint8Array && b.length === HASH_BYTES;
const equal = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** RFC 9162 2.1.3.2: does `path` prove `leaf` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(path) || !path.every(isHash)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 2.1.4.2: does `path` prove the tree of `oldSize`/`oldRoot` is a prefix of `newSize`/`newRoot`? */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, path: readonly Uint8Array[]): boolean {
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(path) || !path.every(isHash)) return false;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return path.length === 0 && equal(oldRoot, newRoot);
  // Every tree extends the empty one; nothing to prove.
  if (oldSize === 0) return path.length === 0 && equal(oldRoot, EMPTY_ROOT);
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(oldSize) ? [oldRoot, ...path] : [...path];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = proof[0]!;
  let sr: Uint8Array = proof[0]!;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot);
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/** Sizes of the perfect subtrees a tree of n leaves is made of, left to right (n's binary digits). */
export function subtreeSizes(n: number): number[] {
  const sizes: number[] = [];
  for (let bit = 2 ** Math.floor(Math.log2(Math.max(n, 1))); bit >= 1; bit /= 2) if (Math.floor(n / bit) % 2 === 1) sizes.push(bit);
  return n === 0 ? [] : sizes;
}

/** Folds the perfect-subtree hashes of a tree (left to right) into its root. */
export function foldSubtrees(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  let r: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i]!, r);
  return r;
}

/**
 * The compact incremental form: one hash per perfect subtree (O(log n) memory), enough to
 * keep the current root while appending. Its subtree hashes are what a checkpoint stores.
 */
export class Frontier {
  size = 0;
  private readonly stack: { hash: Buffer; size: number }[] = [];

  append(leaf: Uint8Array): void {
    let top: { hash: Buffer; size: number } = { hash: Buffer.from(leaf), size: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { hash: nodeHash(left.hash, top.hash), size: left.size * 2 };
    }
    this.stack.push(top);
    this.size++;
  }

  /** Perfect-subtree hashes, left to right (sizes: subtreeSizes(this.size)). */
  subtrees(): Buffer[] {
    return this.stack.map((s) => s.hash);
  }

  root(): Buffer {
    return foldSubtrees(this.subtrees());
  }
}

/** Where to read leaf hashes from: an in-memory tree (below) or any array. */
export interface LeafSource {
  readonly size: number;
  leaf(index: number): Buffer;
}

/** Below this many leaves a subtree is hashed from its leaves; above, its hash is kept. */
const CACHE_FROM_LEVEL = 4;

/**
 * All leaf hashes (32 bytes each) plus the hashes of every aligned perfect subtree of 16 or more
 * leaves (about 4 bytes per leaf more), so a root, a PATH or a PROOF for any size up to the
 * current one costs O(log n · 16) hashes, not O(n).
 */
export class MerkleTree implements LeafSource {
  size = 0;
  private leaves: Buffer = Buffer.alloc(HASH_BYTES * 1024);
  /** levels[l - CACHE_FROM_LEVEL] holds the subtree hashes of 2^l leaves, in order. */
  private readonly levels: Buffer[] = [];
  /** How many subtree hashes each level holds. */
  private readonly levelCounts: number[] = [];

  static of(leaves: Iterable<Uint8Array>): MerkleTree {
    const t = new MerkleTree();
    for (const l of leaves) t.append(l);
    return t;
  }

  append(leaf: Uint8Array): void {
    if (!isHash(leaf)) throw new TypeError('merkle: a leaf hash is 32 bytes');
    this.leaves = ensure(this.leaves, (this.size + 1) * HASH_BYTES);
    this.leaves.set(leaf, this.size * HASH_BYTES);
    this.size++;
    // Record every perfect subtree this leaf completes.
    for (let level = CACHE_FROM_LEVEL; this.size % 2 ** level === 0; level++) {
      const width = 2 ** level;
      const start = this.size - width;
      const h = level === CACHE_FROM_LEVEL ? this.hashRange(start, this.size) : nodeHash(this.cached(level - 1, start), this.cached(level - 1, start + width / 2));
      const i = level - CACHE_FROM_LEVEL;
      const at = (start / width) * HASH_BYTES;
      this.levels[i] = ensure(this.levels[i] ?? Buffer.alloc(HASH_BYTES * 64), at + HASH_BYTES);
      this.levels[i]!.set(h, at);
      this.levelCounts[i] = start / width + 1;
    }
  }

  leaf(index: number): Buffer {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`merkle: no leaf ${index} (size ${this.size})`);
    return this.leaves.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** MTH(D[start:end]). */
  hashRange(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 1) return Buffer.from(this.leaf(start));
    if (n <= 0) return EMPTY_ROOT;
    if (n >= 2 ** CACHE_FROM_LEVEL && isPowerOfTwo(n) && start % n === 0 && end <= this.cachedUpTo(n)) {
      return this.cached(Math.log2(n), start);
    }
    const k = splitPoint(n);
    return nodeHash(this.hashRange(start, start + k), this.hashRange(start + k, end));
  }

  root(size = this.size): Buffer {
    this.checkSize(size);
    return this.hashRange(0, size);
  }

  /** The perfect-subtree hashes of the tree of `size` leaves, left to right. */
  subtrees(size = this.size): Buffer[] {
    this.checkSize(size);
    const out: Buffer[] = [];
    let start = 0;
    for (const w of subtreeSizes(size)) {
      out.push(this.hashRange(start, start + w));
      start += w;
    }
    return out;
  }

  /** PATH(index, D[size]) — RFC 6962 2.1.1. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`merkle: leaf ${index} is not in a tree of ${size}`);
    const path: Buffer[] = [];
    const walk = (m: number, start: number, end: number): void => {
      const n = end - start;
      if (n === 1) return;
      const k = splitPoint(n);
      if (m < k) {
        walk(m, start, start + k);
        path.push(this.hashRange(start + k, end));
      } else {
        walk(m - k, start + k, end);
        path.push(this.hashRange(start, start + k));
      }
    };
    walk(index, 0, size);
    return path;
  }

  /** PROOF(m, D[n]) — RFC 6962 2.1.2. */
  consistencyProof(m: number, n = this.size): Buffer[] {
    this.checkSize(n);
    if (!Number.isSafeInteger(m) || m < 0 || m > n) throw new RangeError(`merkle: no consistency proof from ${m} to ${n}`);
    if (m === 0 || m === n) return [];
    const proof: Buffer[] = [];
    const sub = (mm: number, start: number, end: number, whole: boolean): void => {
      const nn = end - start;
      if (mm === nn) {
        if (!whole) proof.push(this.hashRange(start, end));
        return;
      }
      const k = splitPoint(nn);
      if (mm <= k) {
        sub(mm, start, start + k, whole);
        proof.push(this.hashRange(start + k, end));
      } else {
        sub(mm - k, start + k, end, false);
        proof.push(this.hashRange(start, start + k));
      }
    };
    sub(m, 0, n, true);
    return proof;
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`merkle: the tree has ${this.size} leaves, not ${size}`);
  }

  private cachedUpTo(width: number): number {
    return (this.levelCounts[Math.log2(width) - CACHE_FROM_LEVEL] ?? 0) * width;
  }

  private cached(level: number, start: number): Buffer {
    const at = (start / 2 ** level) * HASH_BYTES;
    return this.levels[level - CACHE_FROM_LEVEL]!.subarray(at, at + HASH_BYTES);
  }
}

function ensure(buf: Buffer, bytes: number): Buffer {
  if (buf.length >= bytes) return buf;
  const bigger = Buffer.alloc(Math.max(bytes, buf.length * 2));
  buf.copy(bigger);
  return bigger;
}

export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Strict hash parsing for documents: exactly 64 lowercase hex digits. */
export function hashFromHex(text: unknown): Buffer | null {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
}
