import { canonicalJson } from '../leaf/canonical-json.js';
import { CompactRange } from '../merkle/compact-range.js';
import { MapNodeReader } from '../merkle/node-reader.js';
import { inclusionProof } from '../merkle/proofs.js';
import { type Hash, hashLeaf } from '../merkle/tree-hash.js';
import { nodeKey } from '../merkle/tree-shape.js';

export const HEAD_FORMAT = 'outcome-ledger/head/v1';

/** A stream's last leaf at a tree size: what a checkpoint signs about each stream. */
export interface StreamHead {
  streamId: string;
  /** Ledger index of the stream's last leaf below the tree size. */
  index: number;
  /** That leaf's hash, lowercase hex. */
  leafHash: string;
  /** How many leaves the stream has up to and including it. */
  leaves: number;
}

export function headText(head: StreamHead): string {
  return canonicalJson({ format: HEAD_FORMAT, ...head });
}

export function headLeafHash(head: StreamHead): Hash {
  return hashLeaf(Buffer.from(headText(head), 'utf8'));
}

/** Heads tree order: by the UTF-8 bytes of the stream id. */
export function compareStreamIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The RFC 9162 tree over every stream's head, sorted by stream id: its root goes into the
 * checkpoint's extension line, and each stream's inclusion proof into an export.
 */
export class HeadsTree {
  readonly heads: readonly StreamHead[];
  private readonly nodes = new Map<string, Hash>();
  private readonly range = CompactRange.empty();

  constructor(heads: Iterable<StreamHead>) {
    this.heads = [...heads].sort((a, b) => compareStreamIds(a.streamId, b.streamId));
    for (let i = 1; i < this.heads.length; i++) {
      if (this.heads[i - 1].streamId === this.heads[i].streamId) throw new Error(`stream ${this.heads[i].streamId} has two heads`);
    }
    for (const head of this.heads) for (const node of this.range.append(headLeafHash(head))) this.nodes.set(nodeKey(node), node.hash);
  }

  get count(): number {
    return this.heads.length;
  }

  root(): Hash {
    return this.range.root();
  }

  /** The head of a stream, its position in the tree and its inclusion proof; undefined when the stream has no head. */
  async proofOf(streamId: string): Promise<{ head: StreamHead; position: number; path: Hash[] } | undefined> {
    const position = this.heads.findIndex((head) => head.streamId === streamId);
    if (position < 0) return undefined;
    const path = await inclusionProof(new MapNodeReader(this.nodes), position, this.heads.length);
    return { head: this.heads[position], position, path };
  }
}

/** Moves heads forward over newly sequenced leaves (ascending index), in place. */
export function advanceHeads(heads: Map<string, StreamHead>, leaves: Iterable<{ index: number; streamId: string; leafHash: string }>): void {
  for (const leaf of leaves) {
    const head = heads.get(leaf.streamId);
    heads.set(leaf.streamId, { streamId: leaf.streamId, index: leaf.index, leafHash: leaf.leafHash, leaves: (head?.leaves ?? 0) + 1 });
  }
}
