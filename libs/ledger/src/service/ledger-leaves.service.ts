import { Injectable } from '@nestjs/common';
import { Database } from '#database';
import { decodeKeyCursor, encodeKeyCursor, type PageLinks, pageLimit, pageOf, streamHasEvents } from '#event-store';
import { contractNotFound, contractStreamId } from '#domain';

/** One leaf of the ledger: an event's place in the Merkle log, and the stream's previous leaf its bytes commit to. */
export interface LedgerLeafView {
  ledgerIndex: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  /** SHA-256(0x00 ‖ leaf bytes), hex. */
  leafHash: string;
  previousIndex: number | null;
  previousHash: string | null;
}

export interface LedgerLeavesPage extends PageLinks {
  /** In ledger order (the log's commit-safe order). */
  leaves: LedgerLeafView[];
}

export interface LedgerLeavesRequest {
  after?: string;
  limit?: number;
  /** Only this contract's leaves. */
  contractId?: string;
  /** The streams the caller may see; undefined: every one. */
  visibleStreams?: readonly string[];
}

/** The list's name in its cursors; the key is the index of the next leaf (leaves are dense from 0). */
const LEAVES_LIST = 'ledger-leaves';
const leavesCursor = (nextIndex: number): string => encodeKeyCursor(LEAVES_LIST, [nextIndex]);

// Keyset on the index; with streams, the (stream_id, ledger_index) index reads theirs only.
const SELECT_LEAVES = `
  SELECT ledger_index::text AS ledger_index, event_id::text AS event_id, stream_id, stream_version::text AS stream_version,
         encode(leaf_hash, 'hex') AS leaf_hash, previous_index::text AS previous_index, encode(previous_hash, 'hex') AS previous_hash
    FROM ledger_leaves l
   WHERE l.ledger_index >= $1 AND ($2::text[] IS NULL OR l.stream_id = ANY($2::text[]))
   ORDER BY l.ledger_index
   LIMIT $3`;

interface LeafRow {
  ledger_index: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  leaf_hash: string;
  previous_index: string | null;
  previous_hash: string | null;
}

/**
 * The ledger's leaves a page at a time. Leaves are append-only and dense: a leaf never changes once
 * sequenced, and a later one only ever gets a higher index, so a cursor (the next index) stays
 * correct while the sequencer adds leaves.
 */
@Injectable()
export class LedgerLeaves {
  constructor(private readonly database: Database) {}

  async page(request: LedgerLeavesRequest): Promise<LedgerLeavesPage> {
    const limit = pageLimit(request.limit);
    const [from] = decodeKeyCursor<[number]>(LEAVES_LIST, ['int'], request.after) ?? [0];
    let streams = request.visibleStreams;
    if (request.contractId !== undefined) {
      const streamId = contractStreamId(request.contractId);
      // A contract the caller may not see is answered as one that does not exist.
      const visible = streams === undefined || streams.includes(streamId);
      if (!visible || !(await streamHasEvents(this.database.pool, streamId))) throw contractNotFound(request.contractId);
      streams = [streamId];
    }
    const { rows } = await this.database.pool.query<LeafRow>(SELECT_LEAVES, [from, streams ?? null, limit + 1]);
    const { items, next, hasMore } = pageOf(rows.map(leafOf), limit, (leaf) => leavesCursor(leaf.ledgerIndex + 1), request.after ?? leavesCursor(0));
    return { leaves: items, next, hasMore };
  }
}

function leafOf(row: LeafRow): LedgerLeafView {
  return {
    ledgerIndex: Number(row.ledger_index),
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    leafHash: row.leaf_hash,
    previousIndex: row.previous_index === null ? null : Number(row.previous_index),
    previousHash: row.previous_hash,
  };
}
