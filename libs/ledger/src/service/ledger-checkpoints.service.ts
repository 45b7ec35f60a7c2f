import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { Database, inTransaction, type Queryable } from '#database';
import { type Checkpoint, openCheckpoint, signCheckpoint } from '../checkpoint/checkpoint.js';
import { advanceHeads, HeadsTree, type StreamHead } from '../heads/stream-heads.js';
import { CompactRange } from '../merkle/compact-range.js';
import { consistencyProof } from '../merkle/proofs.js';
import { verifyConsistency } from '../merkle/verify-proofs.js';
import { LedgerKey } from './ledger-key.js';
import { PgNodeReader } from './pg-node-reader.js';
import { readCheckpointHeads } from './stored-events.js';

export interface StoredCheckpoint {
  treeSize: number;
  note: string;
  checkpoint: Checkpoint;
  signedAt: string;
}

/** The ledger's tables disagree with what it signed before: it signs nothing until that is looked into. */
export class LedgerIntegrityError extends Error {
  override readonly name = 'LedgerIntegrityError';
}

interface CheckpointRow {
  tree_size: string;
  note: string;
  signed_at: string;
}

const CHECKPOINT_COLUMNS = `tree_size, note, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS signed_at`;

/**
 * Signed checkpoints, append-only. A new one is signed only if the tree it signs is consistent
 * with the latest one stored (its signature checked, then an RFC 9162 consistency proof from the
 * stored subtrees) and the heads it extends are the ones that checkpoint signed: so whoever
 * rewrites the tables cannot have the service sign the rewritten history.
 */
@Injectable()
export class LedgerCheckpoints {
  /** Notes whose signature was checked already (the same text verifies the same way). */
  private readonly opened = new Map<string, { checkpoint: Checkpoint }>();
  private cached?: { at: number; checkpoint: StoredCheckpoint | undefined };

  constructor(
    private readonly database: Database,
    private readonly key: LedgerKey,
  ) {}

  async latest(db: Queryable = this.database.pool): Promise<StoredCheckpoint | undefined> {
    const { rows } = await db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1`);
    return rows[0] && this.open(rows[0]);
  }

  /**
   * The latest checkpoint as read at most `maxAgeMs` ago (proofs: any signed checkpoint makes a
   * valid proof, and this saves a round trip per proof); fresh after this process signs one.
   */
  async recent(maxAgeMs = 1000): Promise<StoredCheckpoint | undefined> {
    if (this.cached !== undefined && performance.now() - this.cached.at < maxAgeMs) return this.cached.checkpoint;
    const checkpoint = await this.latest();
    this.cached = { at: performance.now(), checkpoint };
    return checkpoint;
  }

  async at(treeSize: number, db: Queryable = this.database.pool): Promise<StoredCheckpoint | undefined> {
    const { rows } = await db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints WHERE tree_size = $1`, [treeSize]);
    return rows[0] && this.open(rows[0]);
  }

  /** Signs a checkpoint of the tree as sequenced now, unless the latest already covers it; undefined while the tree is empty. */
  sign(): Promise<StoredCheckpoint | undefined> {
    return inTransaction(this.database.pool, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ledger:checkpoint', 0))`);
      const state = await tx.query<{ tree_size: string; edge: Buffer[] }>('SELECT tree_size, edge FROM ledger_state');
      const range = CompactRange.of(Number(state.rows[0].tree_size), state.rows[0].edge);
      const size = range.size;
      const root = range.root();
      const previous = await this.latest(tx);
      if (size === 0 && previous === undefined) return undefined;
      const heads = new Map<string, StreamHead>((await readCheckpointHeads(tx)).map((head) => [head.streamId, head]));
      const from = previous?.treeSize ?? 0;
      if (previous !== undefined) {
        if (previous.treeSize === size) return previous;
        if (previous.treeSize > size) throw new LedgerIntegrityError(`the tree (${size} leaves) is smaller than its checkpoint of ${previous.treeSize}`);
        const proof = await consistencyProof(new PgNodeReader(tx), previous.treeSize, size);
        const check = verifyConsistency(previous.treeSize, size, previous.checkpoint.rootHash, root, proof);
        if (!check.ok) throw new LedgerIntegrityError(`the tree is not consistent with its checkpoint of ${previous.treeSize}: ${check.reason}`);
      }
      const before = new HeadsTree(heads.values());
      const signedHeads = previous?.checkpoint.heads ?? { count: 0, root: new HeadsTree([]).root() };
      if (before.count !== signedHeads.count || !before.root().equals(signedHeads.root)) {
        throw new LedgerIntegrityError(`the stored stream heads are not the ones the checkpoint of ${from} signed`);
      }
      const added = await tx.query<{ ledger_index: string; stream_id: string; leaf_hash: Buffer }>(
        'SELECT ledger_index, stream_id, leaf_hash FROM ledger_leaves WHERE ledger_index >= $1 AND ledger_index < $2 ORDER BY ledger_index',
        [from, size],
      );
      if (added.rows.length !== size - from) throw new LedgerIntegrityError(`leaves ${from} to ${size - 1} are not all stored`);
      const leaves = added.rows.map((row) => ({ index: Number(row.ledger_index), streamId: row.stream_id, leafHash: row.leaf_hash.toString('hex') }));
      advanceHeads(heads, leaves);
      const tree = new HeadsTree(heads.values());
      const checkpoint: Checkpoint = { origin: this.key.origin, treeSize: size, rootHash: root, heads: { count: tree.count, root: tree.root() } };
      const note = signCheckpoint(checkpoint, this.key.signer);
      const inserted = await tx.query<CheckpointRow>(
        `INSERT INTO ledger_checkpoints (tree_size, root_hash, heads_count, heads_root, note) VALUES ($1, $2, $3, $4, $5) RETURNING ${CHECKPOINT_COLUMNS}`,
        [size, root, tree.count, checkpoint.heads.root, note],
      );
      const moved = [...new Set(leaves.map((l) => l.streamId))].map((id) => heads.get(id)!);
      await tx.query(
        `INSERT INTO ledger_checkpoint_heads (stream_id, ledger_index, leaf_hash, leaves)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::bigint[])
         ON CONFLICT (stream_id) DO UPDATE SET ledger_index = EXCLUDED.ledger_index, leaf_hash = EXCLUDED.leaf_hash, leaves = EXCLUDED.leaves`,
        [moved.map((h) => h.streamId), moved.map((h) => h.index), moved.map((h) => Buffer.from(h.leafHash, 'hex')), moved.map((h) => h.leaves)],
      );
      return this.open(inserted.rows[0]);
    }).then((signed) => {
      if (signed !== undefined) this.cached = { at: performance.now(), checkpoint: signed };
      return signed;
    });
  }

  /** Each stored checkpoint is opened with the service's own key: a row changed in the table is not trusted. */
  private open(row: CheckpointRow): StoredCheckpoint {
    const opened = this.opened.get(row.note) ?? openCheckpoint(row.note, this.key.signer.verifier);
    if ('checkpoint' in opened) {
      if (this.opened.size >= 256) this.opened.clear();
      this.opened.set(row.note, opened);
    }
    if ('problem' in opened || opened.checkpoint.treeSize !== Number(row.tree_size)) {
      throw new LedgerIntegrityError(`the stored checkpoint of ${row.tree_size} does not verify with the ledger's key`);
    }
    return { treeSize: opened.checkpoint.treeSize, note: row.note, checkpoint: opened.checkpoint, signedAt: row.signed_at };
  }
}
