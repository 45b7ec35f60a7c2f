import type { Hash } from './tree-hash.js';
import { type NodeId, nodeKey } from './tree-shape.js';

/**
 * Where proofs get their hashes: the stored perfect subtrees of the tree (level 0: leaf hashes).
 * One call per proof, so a database answers it in one round trip.
 */
export interface NodeReader {
  /** The hashes of the given perfect subtrees, in the same order; throws when one is not stored. */
  read(ids: readonly NodeId[]): Promise<Hash[]>;
}

/** A NodeReader over a map of perfect subtrees held in memory (tests, small trees). */
export class MapNodeReader implements NodeReader {
  constructor(private readonly nodes: ReadonlyMap<string, Hash>) {}

  read(ids: readonly NodeId[]): Promise<Hash[]> {
    return Promise.resolve(
      ids.map((id) => {
        const hash = this.nodes.get(nodeKey(id));
        if (hash === undefined) throw new Error(`node ${nodeKey(id)} is not stored`);
        return hash;
      }),
    );
  }
}
