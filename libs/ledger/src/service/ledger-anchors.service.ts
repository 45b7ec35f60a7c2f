import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, inTransaction, type Queryable } from '#database';
import { HeadsTree, type StreamHead } from '../heads/stream-heads.js';
import { LedgerCheckpoints } from './ledger-checkpoints.service.js';
import { SignCheckpoint } from './sign-checkpoint.command.js';
import { readCheckpointHeads } from './stored-events.js';

/** Where a stream stands in the signed log: the checkpoint, the stream's head in it, and the head's proof in the checkpoint's heads tree. */
export interface StreamAnchor {
  /** The signed checkpoint note (C2SP). */
  checkpoint: string;
  treeSize: number;
  head: StreamHead;
  /** The head's position in the heads tree and its RFC 9162 inclusion path (hex), against the checkpoint's `stream-heads` root. */
  headProof: { position: number; count: number; path: string[] };
}

/**
 * Anchors a stream's log position in the signed log (an evaluator's package, say): the latest
 * checkpoint, when its head of the stream covers the version asked for; else one signed now, of
 * everything committed (the ledger's sequencer caught up first). Should the head still cover less
 * (the stream grew meanwhile, or the sequencer runs elsewhere and is behind), it says how much:
 * `head.leaves`.
 */
@Injectable()
export class LedgerAnchors {
  constructor(
    private readonly database: Database,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly commandBus: CommandBus,
  ) {}

  async anchorOf(streamId: string, streamVersion: number): Promise<StreamAnchor | undefined> {
    const anchor = await this.read(streamId);
    if (anchor !== undefined && anchor.head.leaves >= streamVersion) return anchor;
    await this.commandBus.execute(new SignCheckpoint());
    return (await this.read(streamId)) ?? anchor;
  }

  private read(streamId: string): Promise<StreamAnchor | undefined> {
    return inTransaction(this.database.pool, async (tx: Queryable) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const checkpoint = await this.checkpoints.latest(tx);
      if (checkpoint === undefined) return undefined;
      const tree = new HeadsTree(await readCheckpointHeads(tx));
      const proof = await tree.proofOf(streamId);
      if (proof === undefined) return undefined;
      return {
        checkpoint: checkpoint.note,
        treeSize: checkpoint.treeSize,
        head: proof.head,
        headProof: { position: proof.position, count: tree.count, path: proof.path.map((hash) => hash.toString('hex')) },
      };
    });
  }
}
