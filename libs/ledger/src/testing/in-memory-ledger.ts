import { randomUUID } from 'node:crypto';
import { type Checkpoint, signCheckpoint } from '../checkpoint/checkpoint.js';
import { type AuditExport } from '../export/audit-export.js';
import { assembleExport } from '../export/assemble-export.js';
import { advanceHeads, HeadsTree, type StreamHead } from '../heads/stream-heads.js';
import type { LeafEvent } from '../leaf/ledger-leaf.js';
import { CompactRange } from '../merkle/compact-range.js';
import { MapNodeReader } from '../merkle/node-reader.js';
import { multiProof } from '../merkle/proofs.js';
import type { Hash } from '../merkle/tree-hash.js';
import { nodeKey } from '../merkle/tree-shape.js';
import type { NoteSigner } from '../note/note-keys.js';
import { sequenceBatch, type SequencedLeaf, type StreamTail } from '../sequencer/sequence-batch.js';

/**
 * The ledger with everything in memory, as the PostgreSQL one keeps it in tables: the log's events,
 * the sequenced leaves, the stored subtrees, the streams' tails and the signed checkpoints. Tests
 * change `events` and `leaves` directly, as an attacker with the database would.
 */
export class InMemoryLedger {
  readonly events: LeafEvent[] = [];
  readonly leaves: SequencedLeaf[] = [];
  readonly nodes = new Map<string, Hash>();
  readonly checkpoints: string[] = [];
  private readonly range = CompactRange.empty();
  private readonly tails = new Map<string, StreamTail>();
  private heads = new Map<string, StreamHead>();
  private headsSize = 0;
  private position = 0;

  constructor(private readonly signer: NoteSigner) {}

  append(streamId: string, events: ReadonlyArray<{ type: string; data: unknown; recordedAt: string; metadata?: Record<string, unknown> }>): LeafEvent[] {
    const version = this.events.filter((e) => e.streamId === streamId).length;
    const transactionId = String(1000 + this.position);
    const added = events.map((event, i): LeafEvent => ({
      eventId: randomUUID(),
      streamId,
      streamVersion: version + 1 + i,
      globalPosition: String(++this.position),
      transactionId,
      type: event.type,
      schemaVersion: 1,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: event.metadata ?? { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() },
      recordedAt: event.recordedAt,
    }));
    this.events.push(...added);
    return added;
  }

  /** Sequences every event not yet in the ledger, in log order. */
  sequence(): void {
    const done = new Set(this.leaves.map((leaf) => leaf.eventId));
    const { leaves, nodes } = sequenceBatch(
      this.range,
      this.tails,
      this.events.filter((e) => !done.has(e.eventId)),
    );
    for (const leaf of leaves) this.nodes.set(nodeKey({ level: 0, index: leaf.index }), leaf.leafHash);
    for (const node of nodes) this.nodes.set(nodeKey(node), node.hash);
    this.leaves.push(...leaves);
  }

  checkpoint(): string {
    advanceHeads(
      this.heads,
      this.leaves.slice(this.headsSize).map((l) => ({ index: l.index, streamId: l.streamId, leafHash: l.leafHash.toString('hex') })),
    );
    this.headsSize = this.range.size;
    const tree = new HeadsTree(this.heads.values());
    const checkpoint: Checkpoint = {
      origin: this.signer.name,
      treeSize: this.range.size,
      rootHash: this.range.root(),
      heads: { count: tree.count, root: tree.root() },
    };
    const note = signCheckpoint(checkpoint, this.signer);
    this.checkpoints.push(note);
    return note;
  }

  /** The stream's export at the last checkpoint, from what the log and the ledger hold now. */
  async export(contractId: string, streamId: string): Promise<AuditExport> {
    const treeSize = this.headsSize;
    const byEvent = new Map(this.leaves.map((leaf) => [leaf.eventId, leaf] as const));
    const ledger = this.leaves.filter((l) => l.streamId === streamId && l.index < treeSize);
    const tree = new HeadsTree(this.heads.values());
    const head = await tree.proofOf(streamId);
    return assembleExport({
      contractId,
      streamId,
      checkpoint: this.checkpoints[this.checkpoints.length - 1],
      publicKey: this.signer.verifier.toString(),
      treeSize,
      events: this.events
        .filter((e) => e.streamId === streamId)
        .map((event) => {
          const leaf = byEvent.get(event.eventId);
          return { event, ledger: leaf && leaf.index < treeSize ? { index: leaf.index, previous: leaf.previous } : null };
        })
        .filter((row) => row.ledger !== null || row.event.streamVersion <= (head?.head.leaves ?? 0)),
      ledger: ledger.map((l) => ({ index: l.index, eventId: l.eventId, streamVersion: l.streamVersion, leafHash: l.leafHash.toString('hex') })),
      proofHashes: await multiProof(
        new MapNodeReader(this.nodes),
        ledger.map((l) => l.index),
        treeSize,
      ),
      head: head ? { head: head.head, position: head.position, count: tree.count, path: head.path } : null,
      exportedAt: '2026-12-01T00:00:00.000Z',
    });
  }
}
