import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  type Hash,
  hashChildren,
  hashLeaf,
  inclusionProof,
  MapNodeReader,
  multiProof,
  multiProofRanges,
  nodeKey,
  rootAt,
  rootFromMultiProof,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './index.js';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));
const tree = read('rfc9162-tree.json') as { leafInputs: string[]; nodeHashes: string[][]; rootsBySize: string[] };
const probes = read('rfc9162-probes.json') as {
  inclusion: Array<{ name: string; leafIndex: number; treeSize: number; root: string; leafHash: string; proof: string[]; wantError: boolean }>;
  consistency: Array<{ name: string; size1: number; size2: number; root1: string; root2: string; proof: string[]; wantError: boolean }>;
};
const b64 = (text: string): Buffer => Buffer.from(text, 'base64');
const hex = (hash: Hash): string => hash.toString('hex');

/** RFC 9162 §2.1.1 MTH, straight from its definition over the list of leaf hashes (the reference to compare with). */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** RFC 9162 §2.1.3.1 PATH, from its definition. */
function referencePath(m: number, leaves: readonly Hash[]): Hash[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.4.1 PROOF, from its definition. */
function referenceConsistency(m: number, leaves: readonly Hash[], complete = true): Hash[] {
  const n = leaves.length;
  if (m === n) return complete ? [] : [referenceRoot(leaves)];
  const k = splitPoint(n);
  return m <= k
    ? [...referenceConsistency(m, leaves.slice(0, k), complete), referenceRoot(leaves.slice(k))]
    : [...referenceConsistency(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

/** A tree built the way the sequencer builds it: leaf by leaf into a compact range, every completed subtree stored. */
function grow(leaves: readonly Hash[]): { reader: MapNodeReader; range: CompactRange; roots: Hash[] } {
  const nodes = new Map<string, Hash>();
  const range = CompactRange.empty();
  const roots = [range.root()];
  for (const leaf of leaves) {
    for (const node of range.append(leaf)) nodes.set(nodeKey(node), node.hash);
    roots.push(range.root());
  }
  return { reader: new MapNodeReader(nodes), range, roots };
}

const leafHashes = (count: number): Hash[] => Array.from({ length: count }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));

describe('RFC 9162 Merkle tree, against the transparency-dev/merkle vectors', () => {
  const leaves = tree.leafInputs.map((input) => hashLeaf(Buffer.from(input, 'hex')));
  const { reader, roots } = grow(leaves);

  it('hashes the reference leaves and every perfect subtree as the vectors do', async () => {
    for (const [level, hashes] of tree.nodeHashes.entries()) {
      const got = await reader.read(hashes.map((_, index) => ({ level, index })));
      expect(got.map(hex)).toEqual(hashes);
    }
  });

  it('gives the published root of every tree size 0 to 8, appending leaf by leaf and from stored subtrees', async () => {
    expect(roots.map(hex)).toEqual(tree.rootsBySize);
    for (let size = 0; size <= 8; size++) expect(hex(await rootAt(reader, size))).toBe(tree.rootsBySize[size]);
  });

  it.each(probes.inclusion.map((p) => [p.name, p] as const))('inclusion probe %s', (_, probe) => {
    const check = verifyInclusion(probe.leafIndex, probe.treeSize, b64(probe.leafHash), probe.proof.map(b64), b64(probe.root));
    expect(check.ok).toBe(!probe.wantError);
  });

  it.each(probes.consistency.map((p) => [p.name, p] as const))('consistency probe %s', (_, probe) => {
    const check = verifyConsistency(probe.size1, probe.size2, b64(probe.root1), b64(probe.root2), probe.proof.map(b64));
    expect(check.ok).toBe(!probe.wantError);
  });

  it('has probes of both outcomes, so that the cases above can fail', () => {
    expect(probes.inclusion.filter((p) => p.wantError).length).toBeGreaterThan(50);
    expect(probes.inclusion.filter((p) => !p.wantError).length).toBeGreaterThan(5);
    expect(probes.consistency.filter((p) => !p.wantError).length).toBeGreaterThan(5);
  });
});

describe('proofs from stored subtrees', () => {
  const leaves = leafHashes(300);
  const { reader, roots } = grow(leaves);

  it('are the proofs of RFC 9162’s definitions, and verify, for every leaf and size up to 40', async () => {
    for (let size = 1; size <= 40; size++) {
      expect(hex(roots[size])).toBe(hex(referenceRoot(leaves.slice(0, size))));
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(reader, index, size);
        expect(proof.map(hex)).toEqual(referencePath(index, leaves.slice(0, size)).map(hex));
        expect(verifyInclusion(index, size, leaves[index], proof, roots[size])).toEqual({ ok: true });
      }
      for (let old = 1; old < size; old++) {
        const proof = await consistencyProof(reader, old, size);
        expect(proof.map(hex)).toEqual(referenceConsistency(old, leaves.slice(0, size)).map(hex));
        expect(verifyConsistency(old, size, roots[old], roots[size], proof)).toEqual({ ok: true });
      }
    }
  });

  it('refuse every single-bit change, a dropped or an added hash, and the wrong index or size', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), async (size, at, bit) => {
        const index = at % size;
        const proof = await inclusionProof(reader, index, size);
        const flipped = proof.map((h) => Buffer.from(h));
        if (flipped.length > 0) flipped[bit % flipped.length][bit % 32] ^= 1 << (bit % 8);
        if (flipped.length > 0) expect(verifyInclusion(index, size, leaves[index], flipped, roots[size]).ok).toBe(false);
        expect(verifyInclusion(index, size, leaves[index], proof.slice(1), roots[size]).ok).toBe(false);
        expect(verifyInclusion(index, size, leaves[index], [...proof, leaves[0]], roots[size]).ok).toBe(false);
        expect(verifyInclusion((index + 1) % size, size, leaves[index], proof, roots[size]).ok).toBe(false);
        expect(verifyInclusion(index, size, leaves[(index + 1) % size], proof, roots[size]).ok).toBe(false);
        const old = 1 + (at % (size - 1));
        const consistency = await consistencyProof(reader, old, size);
        expect(verifyConsistency(old, size, roots[old], roots[size], consistency).ok).toBe(true);
        expect(verifyConsistency(old, size, roots[old], roots[size], consistency.slice(1)).ok).toBe(false);
        expect(verifyConsistency(old, size, roots[old === 1 ? 2 : old - 1], roots[size], consistency).ok).toBe(false);
        expect(verifyConsistency(old, size, roots[old], roots[size - 1], consistency).ok).toBe(false);
      }),
      { numRuns: 200 },
    ));

  it('a multi-leaf proof recomputes the root from any set of leaves, and fails when a leaf or a hash is wrong', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.uniqueArray(fc.nat({ max: 299 }), { minLength: 1, maxLength: 40 }), async (size, picks) => {
        const indices = [...new Set(picks.map((p) => p % size))].sort((a, b) => a - b);
        const proof = await multiProof(reader, indices, size);
        const own = indices.map((i) => leaves[i]);
        expect(multiProofRanges(indices, size).length).toBe(proof.length);
        expect(hex(rootFromMultiProof(indices, own, size, proof).root!)).toBe(hex(roots[size]));
        const changed = [...own];
        changed[0] = hashLeaf(Buffer.from('changed'));
        expect(rootFromMultiProof(indices, changed, size, proof).root?.equals(roots[size])).not.toBe(true);
        if (proof.length > 0) expect(rootFromMultiProof(indices, own, size, proof.slice(1)).root?.equals(roots[size])).not.toBe(true);
        expect(rootFromMultiProof(indices, own, size, [...proof, leaves[0]]).root).toBeUndefined();
      }),
      { numRuns: 200 },
    ));

  it('needs only the stored right edge to append and to give the root', () => {
    const range = CompactRange.empty();
    for (const leaf of leaves.slice(0, 77)) range.append(leaf);
    const resumed = CompactRange.of(range.size, range.hashes);
    for (const leaf of leaves.slice(77, 130)) resumed.append(leaf);
    expect(hex(resumed.root())).toBe(hex(roots[130]));
    expect(() => CompactRange.of(130, range.hashes)).toThrow(/edge hashes/);
  });
});
