import { Injectable } from '@nestjs/common';
import { Database, inTransaction, type Queryable } from '#database';
import { contractNotFound } from '#domain';
import type { AuditExport } from '../export/audit-export.js';
import { assembleExport } from '../export/assemble-export.js';
import { HeadsTree } from '../heads/stream-heads.js';
import { multiProof } from '../merkle/proofs.js';
import { LedgerCheckpoints } from './ledger-checkpoints.service.js';
import { LedgerKey } from './ledger-key.js';
import { LedgerNotFoundError } from './ledger-lookup.errors.js';
import { PgNodeReader } from './pg-node-reader.js';
import { readCheckpointHeads, readStreamLeafEvents } from './stored-events.js';

/**
 * One contract's audit export at the latest checkpoint: its events as the log holds them now (so
 * that whatever was changed shows), the ledger's records and a multi-leaf proof of them, the
 * stream's signed head with its proof, the checkpoint and the public key. Read in one snapshot.
 */
@Injectable()
export class AuditExporter {
  constructor(
    private readonly database: Database,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly key: LedgerKey,
  ) {}

  export(contractId: string, streamId: string): Promise<AuditExport> {
    return inTransaction(this.database.pool, async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return this.exportWith(tx, contractId, streamId);
    });
  }

  /** The export read through the given connection (a transaction of the caller's). */
  async exportWith(db: Queryable, contractId: string, streamId: string): Promise<AuditExport> {
    const checkpoint = await this.checkpoints.latest(db);
    if (checkpoint === undefined) throw new LedgerNotFoundError('checkpoint-not-found', 'No checkpoint has been signed yet.');
    const treeSize = checkpoint.treeSize;
    const events = await readStreamLeafEvents(db, streamId);
    if (events.length === 0) throw contractNotFound(contractId);
    const { rows } = await db.query<{ ledger_index: string; event_id: string; stream_version: string; leaf_hash: Buffer }>(
      'SELECT ledger_index, event_id, stream_version, leaf_hash FROM ledger_leaves WHERE stream_id = $1 AND ledger_index < $2 ORDER BY ledger_index',
      [streamId, treeSize],
    );
    const ledger = rows.map((row) => ({ index: Number(row.ledger_index), eventId: row.event_id, streamVersion: Number(row.stream_version), leafHash: row.leaf_hash.toString('hex') }));
    const tree = new HeadsTree(await readCheckpointHeads(db));
    const head = await tree.proofOf(streamId);
    const signedLeaves = head?.head.leaves ?? 0;
    return assembleExport({
      contractId,
      streamId,
      checkpoint: checkpoint.note,
      publicKey: this.key.verifierKey,
      treeSize,
      // A subtree the proof needs and the ledger no longer stores leaves the proof empty: the
      // verifier then says the tree does not check, and where the stream's chain broke.
      // Events after the checkpoint are left for the next export; an event the ledger never took
      // inside the signed part of the stream is kept, so that the verifier reports it.
      events: events.filter((row) => (row.ledger !== null ? row.ledger.index < treeSize : row.event.streamVersion <= signedLeaves)),
      ledger,
      proofHashes: await multiProof(new PgNodeReader(db), ledger.map((l) => l.index), treeSize).catch(() => []),
      head: head ? { head: head.head, position: head.position, count: tree.count, path: head.path } : null,
      exportedAt: new Date().toISOString(),
    });
  }
}
