import type { NodeReader } from './node-reader.js';
import { EMPTY_ROOT, type Hash, hashChildren } from './tree-hash.js';
import { consistencyRanges, inclusionRanges, type LeafRange, multiProofRanges, type NodeId, nodeKey, perfectParts } from './tree-shape.js';

/**
 * Proofs of a tree whose perfect subtrees are stored (as Trillian and Tessera store them): each
 * proof reads O(log n) hashes in one call, never the leaves.
 */

/** The hashes of the given subtrees, reading each perfect part once. */
async function rangeHashes(reader: NodeReader, ranges: readonly LeafRange[]): Promise<Hash[]> {
  const partsOf = ranges.map(perfectParts);
  const unique = new Map<string, NodeId>();
  for (const parts of partsOf) for (const part of parts) unique.set(nodeKey(part), part);
  const ids = [...unique.values()];
  const hashes = await reader.read(ids);
  const byKey = new Map(ids.map((id, i) => [nodeKey(id), hashes[i]] as const));
  return partsOf.map((parts) => {
    let hash = byKey.get(nodeKey(parts[parts.length - 1]))!;
    for (let i = parts.length - 2; i >= 0; i--) hash = hashChildren(byKey.get(nodeKey(parts[i]))!, hash);
    return hash;
  });
}

/** The hashes of the given subtrees (a page of a multi-leaf proof's, say), in one read. */
export function subtreeHashes(reader: NodeReader, ranges: readonly LeafRange[]): Promise<Hash[]> {
  return rangeHashes(reader, ranges);
}

/** RFC 9162 MTH of the first `size` leaves. */
export async function rootAt(reader: NodeReader, size: number): Promise<Hash> {
  if (size === 0) return EMPTY_ROOT;
  return (await rangeHashes(reader, [{ start: 0, end: size }]))[0];
}

/** RFC 9162 §2.1.3.1: the inclusion proof of leaf `index` in the tree of `size`. */
export function inclusionProof(reader: NodeReader, index: number, size: number): Promise<Hash[]> {
  return rangeHashes(reader, inclusionRanges(index, size));
}

/** The leaf's stored hash and its inclusion proof, read together. */
export async function inclusionProofWithLeaf(reader: NodeReader, index: number, size: number): Promise<{ leafHash: Hash; proof: Hash[] }> {
  const [leafHash, ...proof] = await rangeHashes(reader, [{ start: index, end: index + 1 }, ...inclusionRanges(index, size)]);
  return { leafHash, proof };
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of `oldSize` to the tree of `size` (empty when equal). */
export function consistencyProof(reader: NodeReader, oldSize: number, size: number): Promise<Hash[]> {
  if (oldSize === size) return Promise.resolve([]);
  return rangeHashes(reader, consistencyRanges(oldSize, size));
}

/** The multi-leaf inclusion proof of the given leaves (ascending) in the tree of `size`: see multiProofRanges. */
export function multiProof(reader: NodeReader, indices: readonly number[], size: number): Promise<Hash[]> {
  return rangeHashes(reader, multiProofRanges(indices, size));
}
