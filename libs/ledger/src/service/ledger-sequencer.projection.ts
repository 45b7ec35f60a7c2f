import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Projection, RecordedEvent } from '#event-store';
import { CompactRange } from '../merkle/compact-range.js';
import { sequenceBatch, type StreamTail } from '../sequencer/sequence-batch.js';
import { leafEventOf } from './leaf-event.js';
import { STORED_NODE_LEVEL } from './pg-node-reader.js';

export const LEDGER_SEQUENCER = 'ledger.sequencer';
export const LEDGER_SEQUENCER_BATCH = 1000;
const NO_HASH = Buffer.alloc(32);

// One statement for the batch's writes: the leaves, the subtrees they complete, the streams'
// tails and the tree's size and edge (the transaction takes an xid only here, near its end).
const WRITE_BATCH = `
  WITH leaves AS (
    INSERT INTO ledger_leaves (ledger_index, event_id, stream_id, stream_version, global_position, leaf_hash, previous_index, previous_hash)
    SELECT l.ledger_index, l.event_id, l.stream_id, l.stream_version, l.global_position,
           substring($6::bytea FROM ((l.n - 1) * 32 + 1)::int FOR 32),
           l.previous_index, CASE WHEN l.previous_index IS NULL THEN NULL ELSE substring($8::bytea FROM ((l.n - 1) * 32 + 1)::int FOR 32) END
      FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $7::bigint[])
           WITH ORDINALITY AS l(ledger_index, event_id, stream_id, stream_version, global_position, previous_index, n)
  ), nodes AS (
    INSERT INTO ledger_nodes (level, node_index, hash) SELECT * FROM unnest($9::smallint[], $10::bigint[], $11::bytea[])
  ), tails AS (
    INSERT INTO ledger_stream_tails (stream_id, ledger_index, leaf_hash, leaves)
    SELECT * FROM unnest($12::text[], $13::bigint[], $14::bytea[], $15::bigint[])
    ON CONFLICT (stream_id) DO UPDATE SET ledger_index = EXCLUDED.ledger_index, leaf_hash = EXCLUDED.leaf_hash, leaves = EXCLUDED.leaves
  )
  UPDATE ledger_state SET tree_size = $16, edge = $17::bytea[]`;

/**
 * The sequencer: a catch-up subscription that gives every event, in the log's commit-safe order
 * (so a late commit is never skipped), the next dense ledger index, chains it to its stream's
 * previous leaf and stores its leaf hash and the subtrees it completes, in the subscription's
 * transaction (so a crash leaves the leaves and the checkpoint of the subscription together).
 */
@Injectable()
export class LedgerSequencer implements Projection {
  readonly name = LEDGER_SEQUENCER;
  /** Leaves commit to the events exactly as stored, never to an upcast shape. */
  readonly eventsAsStored = true;
  /** Three statements per batch whatever its size: larger batches catch up a backlog faster. */
  readonly batchSize = LEDGER_SEQUENCER_BATCH;

  async handle(events: RecordedEvent[], tx: pg.PoolClient): Promise<void> {
    // No row lock (the subscription's advisory lock already keeps batches one at a time): a lock
    // would give this transaction an xid now, and every catch-up reader would wait for it.
    const { rows } = await tx.query<{ tree_size: string; edge: Buffer[] }>({ name: 'ledger_state', text: 'SELECT tree_size, edge FROM ledger_state' });
    const range = CompactRange.of(Number(rows[0].tree_size), rows[0].edge);
    const streams = [...new Set(events.map((e) => e.streamId))];
    const tails = new Map<string, StreamTail>();
    const stored = await tx.query<{ stream_id: string; ledger_index: string; leaf_hash: Buffer; leaves: string }>({
      name: 'ledger_tails',
      text: 'SELECT stream_id, ledger_index, leaf_hash, leaves FROM ledger_stream_tails WHERE stream_id = ANY ($1::text[])',
      values: [streams],
    });
    for (const row of stored.rows)
      tails.set(row.stream_id, { index: Number(row.ledger_index), leafHash: row.leaf_hash.toString('hex'), leaves: Number(row.leaves) });

    const { leaves, nodes: completed } = sequenceBatch(range, tails, events.map(leafEventOf));
    const nodes = completed.filter((node) => node.level >= STORED_NODE_LEVEL);
    const changed = streams.map((id) => [id, tails.get(id)!] as const);
    await tx.query({
      name: 'ledger_write_batch',
      text: WRITE_BATCH,
      values: [
        leaves.map((l) => l.index),
        leaves.map((l) => l.eventId),
        leaves.map((l) => l.streamId),
        leaves.map((l) => l.streamVersion),
        leaves.map((l) => l.globalPosition),
        // Hashes go as one binary parameter each (32 bytes per leaf) rather than arrays of hex text.
        Buffer.concat(leaves.map((l) => l.leafHash)),
        leaves.map((l) => l.previous?.index ?? null),
        Buffer.concat(leaves.map((l) => (l.previous ? Buffer.from(l.previous.leafHash, 'hex') : NO_HASH))),
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        changed.map(([id]) => id),
        changed.map(([, t]) => t.index),
        changed.map(([, t]) => Buffer.from(t.leafHash, 'hex')),
        changed.map(([, t]) => t.leaves),
        range.size,
        [...range.hashes],
      ],
    });
  }
}
