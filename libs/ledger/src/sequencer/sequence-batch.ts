import { type LeafEvent, LEAF_FORMAT, leafHashOf, leafText, type PreviousLeaf } from '../leaf/ledger-leaf.js';
import type { CompactRange, CompletedNode } from '../merkle/compact-range.js';
import type { Hash } from '../merkle/tree-hash.js';

/** A stream's last leaf so far, as the sequencer keeps it to chain the next one. */
export interface StreamTail {
  index: number;
  leafHash: string;
  leaves: number;
}

export interface SequencedLeaf {
  index: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  leafHash: Hash;
  previous: PreviousLeaf | null;
}

/**
 * Gives the next ledger indices to events (in the order given: the log's commit-safe order),
 * chains each to its stream's previous leaf and grows the tree. Updates `range` and `tails` in
 * place; returns the leaves and the perfect subtrees above them that the batch completed.
 */
export function sequenceBatch(
  range: CompactRange,
  tails: Map<string, StreamTail>,
  events: readonly LeafEvent[],
): { leaves: SequencedLeaf[]; nodes: CompletedNode[] } {
  const leaves: SequencedLeaf[] = [];
  const nodes: CompletedNode[] = [];
  for (const event of events) {
    const index = range.size;
    const tail = tails.get(event.streamId);
    const previous = tail === undefined ? null : { index: tail.index, leafHash: tail.leafHash };
    const leafHash = leafHashOf(leafText({ format: LEAF_FORMAT, index, previous, event }));
    for (const node of range.append(leafHash)) if (node.level > 0) nodes.push(node);
    const hex = leafHash.toString('hex');
    tails.set(event.streamId, { index, leafHash: hex, leaves: (tail?.leaves ?? 0) + 1 });
    leaves.push({
      index,
      eventId: event.eventId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      globalPosition: event.globalPosition,
      leafHash,
      previous,
    });
  }
  return { leaves, nodes };
}
