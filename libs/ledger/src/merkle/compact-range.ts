import { EMPTY_ROOT, type Hash, hashChildren } from './tree-hash.js';
import type { NodeId } from './tree-shape.js';

/** A perfect subtree completed by an append: to be stored. */
export interface CompletedNode extends NodeId {
  hash: Hash;
}

/**
 * The right edge of a tree: the hashes of the perfect subtrees its size decomposes into, largest
 * (leftmost) first, at most one per bit of the size. Enough to append leaves and to compute the
 * root without reading anything else.
 */
export class CompactRange {
  private constructor(
    private treeSize: number,
    private readonly edge: Hash[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** From a stored edge: one hash per set bit of `size`, largest subtree first. */
  static of(size: number, edge: readonly Hash[]): CompactRange {
    let bits = 0;
    for (let rest = size; rest > 0; rest = Math.floor(rest / 2)) bits += rest % 2;
    if (bits !== edge.length) throw new Error(`a tree of size ${size} has ${bits} edge hashes, not ${edge.length}`);
    return new CompactRange(size, [...edge]);
  }

  get size(): number {
    return this.treeSize;
  }

  get hashes(): readonly Hash[] {
    return this.edge;
  }

  /** Appends a leaf; returns every perfect subtree the append completes, the leaf itself first. */
  append(leafHash: Hash): CompletedNode[] {
    const completed: CompletedNode[] = [{ level: 0, index: this.treeSize, hash: leafHash }];
    let hash = leafHash;
    let index = this.treeSize;
    let level = 0;
    while (index % 2 === 1) {
      hash = hashChildren(this.edge.pop()!, hash);
      index = (index - 1) / 2;
      level++;
      completed.push({ level, index, hash });
    }
    this.edge.push(hash);
    this.treeSize++;
    return completed;
  }

  /** RFC 9162 MTH of the whole tree. */
  root(): Hash {
    if (this.edge.length === 0) return EMPTY_ROOT;
    let hash = this.edge[this.edge.length - 1];
    for (let i = this.edge.length - 2; i >= 0; i--) hash = hashChildren(this.edge[i], hash);
    return hash;
  }
}
