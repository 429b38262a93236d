import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  Frontier,
  MerkleTree,
  foldSubtrees,
  leafHash,
  nodeHash,
  rootOf,
  subtreeSizes,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../server/log/merkle.ts';

// Certificate Transparency's reference tree (certificate-transparency merkle_tree_test, also
// the C2SP Merkle test vectors): eight leaves and the root of every prefix.
const CT_DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const CT_LEAVES = CT_DATA.map(leafHash);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_CONSISTENCY = [
  { first: 2, second: 8, path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  {
    first: 6,
    second: 8,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const unhex = (h: string) => Buffer.from(h, 'hex');
const flip = (b: Buffer, byte = 0, bit = 1) => {
  const c = Buffer.from(b);
  c[byte]! ^= bit;
  return c;
};
const leavesFor = (n: number, salt = 'x') => Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(`${salt}/${i}`).digest()));

describe('RFC 6962 hashing', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    expect(toHex(leafHash(Buffer.alloc(0)))).toBe(createHash('sha256').update(Buffer.from([0])).digest('hex'));
    const [l, r] = [CT_LEAVES[1]!, CT_LEAVES[2]!];
    expect(toHex(nodeHash(l, r))).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest('hex'));
    expect(toHex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
  });

  it('matches the reference root of every prefix of the CT tree, recursively, incrementally and from the cache', () => {
    const tree = MerkleTree.of(CT_LEAVES);
    const frontier = new Frontier();
    expect(toHex(frontier.root())).toBe(CT_ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      frontier.append(CT_LEAVES[n - 1]!);
      expect(toHex(rootOf(CT_LEAVES.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
      expect(toHex(frontier.root()), `size ${n}`).toBe(CT_ROOTS[n]);
      expect(toHex(tree.root(n)), `size ${n}`).toBe(CT_ROOTS[n]);
    }
  });

  it('produces and accepts the reference inclusion proofs', () => {
    const tree = MerkleTree.of(CT_LEAVES);
    for (const v of CT_INCLUSION) {
      expect(tree.inclusionProof(v.index, v.size).map(toHex)).toEqual(v.path);
      expect(verifyInclusion(CT_LEAVES[v.index]!, v.index, v.size, v.path.map(unhex), unhex(CT_ROOTS[v.size]!))).toBe(true);
    }
  });

  it('produces and accepts the reference consistency proofs', () => {
    const tree = MerkleTree.of(CT_LEAVES);
    for (const v of CT_CONSISTENCY) {
      expect(tree.consistencyProof(v.first, v.second).map(toHex)).toEqual(v.path);
      expect(verifyConsistency(v.first, v.second, unhex(CT_ROOTS[v.first]!), unhex(CT_ROOTS[v.second]!), v.path.map(unhex))).toBe(true);
    }
  });
});

describe('MerkleTree and Frontier against the recursive definition', () => {
  it('agree on the root and the subtrees for any size (cached levels included)', () => {
    const all = leavesFor(300);
    const tree = MerkleTree.of(all);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const frontier = new Frontier();
        for (const l of all.slice(0, n)) frontier.append(l);
        const want = toHex(rootOf(all.slice(0, n)));
        expect(toHex(tree.root(n))).toBe(want);
        expect(toHex(frontier.root())).toBe(want);
        expect(frontier.subtrees().map(toHex)).toEqual(tree.subtrees(n).map(toHex));
        expect(toHex(foldSubtrees(tree.subtrees(n)))).toBe(want);
        expect(subtreeSizes(n).reduce((a, b) => a + b, 0)).toBe(n);
      }),
      { numRuns: 120 },
    );
  });

  it('every inclusion proof verifies; a wrong leaf, index, size, root or path does not', () => {
    const all = leavesFor(140, 'inc');
    const tree = MerkleTree.of(all);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 140 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), ([n, i]) => {
        const root = tree.root(n);
        const path = tree.inclusionProof(i, n);
        expect(verifyInclusion(all[i]!, i, n, path, root)).toBe(true);
        expect(verifyInclusion(flip(all[i]!), i, n, path, root)).toBe(false);
        expect(verifyInclusion(all[i]!, i, n, path, flip(root, 31))).toBe(false);
        if (n > 1) {
          expect(verifyInclusion(all[i]!, (i + 1) % n, n, path, root)).toBe(false);
          path.forEach((_, k) => expect(verifyInclusion(all[i]!, i, n, path.map((p, j) => (j === k ? flip(p, 5, 0x80) : p)), root)).toBe(false));
          expect(verifyInclusion(all[i]!, i, n, path.slice(0, -1), root)).toBe(false);
        }
        expect(verifyInclusion(all[i]!, i, n, [...path, Buffer.alloc(32, 7)], root)).toBe(false);
        // (A size with the same path shape would pass here: the size is bound to the root by the signed checkpoint.)
        expect(verifyInclusion(all[i]!, n, n, path, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('every consistency proof verifies; a rewritten prefix or a mangled proof does not', () => {
    const all = leavesFor(140, 'con');
    const tree = MerkleTree.of(all);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 140 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([m, n]) => {
        const path = tree.consistencyProof(m, n);
        const [oldRoot, newRoot] = [tree.root(m), tree.root(n)];
        expect(verifyConsistency(m, n, oldRoot, newRoot, path)).toBe(true);
        if (m > 0 && m < n) {
          expect(verifyConsistency(m, n, flip(oldRoot), newRoot, path)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, flip(newRoot), path)).toBe(false);
          path.forEach((_, k) => expect(verifyConsistency(m, n, oldRoot, newRoot, path.map((p, j) => (j === k ? flip(p, 9) : p)))).toBe(false));
          expect(verifyConsistency(m, n, oldRoot, newRoot, path.slice(0, -1))).toBe(false);
          expect(verifyConsistency(n, m, newRoot, oldRoot, path)).toBe(false);
          // A log rewritten at any leaf before m: the rewritten tree's own proof fails against the old root.
          const k = m - 1;
          const forged = MerkleTree.of(all.slice(0, n).map((l, j) => (j === k ? flip(l) : l)));
          expect(verifyConsistency(m, n, oldRoot, forged.root(n), forged.consistencyProof(m, n))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects out-of-range requests with RangeError', () => {
    const tree = MerkleTree.of(leavesFor(5));
    expect(() => tree.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => tree.root(6)).toThrow(RangeError);
    expect(() => tree.consistencyProof(4, 3)).toThrow(RangeError);
    expect(() => tree.append(Buffer.alloc(31))).toThrow(TypeError);
  });
});

describe('the tree of a log file', () => {
  it('is the same read in small chunks (lines across chunk ends, lines longer than a chunk) as checked line by line, and refuses a changed line', async () => {
    const { mkdtempSync, rmSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openJsonlStore, LOG_FILE } = await import('../../server/log/jsonl-store.ts');
    const { buildLeafTree, readLogTree } = await import('../../server/log/log-tree.ts');
    const { recBody } = await import('./log-fixtures.ts');
    const dir = mkdtempSync(join(tmpdir(), 'mg-tree-'));
    try {
      const store = await openJsonlStore(dir);
      for (let i = 0; i < 23; i++) await store.append(recBody({ description: `entry ${i} ${'x'.repeat(i * 7)}` }));
      await store.close();
      const path = join(dir, LOG_FILE);
      const checked = readLogTree(path);
      for (const chunk of [64, 333, 1 << 20]) {
        const t = await buildLeafTree(path, () => 23, chunk);
        expect(t.size).toBe(23);
        expect(toHex(t.root())).toBe(toHex(checked.tree.root()));
      }
      // A target below the file's length stops there.
      expect(toHex((await buildLeafTree(path, () => 9, 100)).root())).toBe(toHex(checked.tree.root(9)));
      await expect(buildLeafTree(path, () => 24)).rejects.toThrow(/has 23 entries, fewer than the 24/);
      const lines = readFileSync(path, 'utf8').split('\n');
      lines[4] = lines[4]!.replace('entry 4', 'entry 5');
      writeFileSync(path, lines.join('\n'));
      await expect(buildLeafTree(path, () => 23)).rejects.toThrow(/line 5 does not match its hash/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
