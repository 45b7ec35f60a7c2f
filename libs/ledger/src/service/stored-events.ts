import type pg from 'pg';
import type { Queryable } from '#database';
import { eventColumns, type EventRow, recordedEventOf } from '#event-store';
import type { StreamHead } from '../heads/stream-heads.js';
import type { LeafEvent, PreviousLeaf } from '../leaf/ledger-leaf.js';
import { leafEventOf } from './leaf-event.js';

// The log's rows in the store's own format and mapping (as stored, not upcast, so that the leaf
// bytes rebuild exactly), joined with where the ledger put each.
interface Row extends EventRow {
  ledger_index: string | null;
  previous_index: string | null;
  previous_hash: Buffer | null;
}

export interface StoredLeafEvent {
  event: LeafEvent;
  ledger: { index: number; previous: PreviousLeaf | null } | null;
}

const SELECT = `SELECT ${eventColumns('e')}, l.ledger_index, l.previous_index, l.previous_hash
  FROM es_events e LEFT JOIN ledger_leaves l ON l.global_position = e.global_position`;

/** A page of a stream's events (stream versions after `afterVersion`), for exports too large to hold at once. */
export async function readStreamLeafEventsPage(db: Queryable, streamId: string, afterVersion: number, limit: number): Promise<StoredLeafEvent[]> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE e.stream_id = $1 AND e.stream_version > $2 ORDER BY e.stream_version LIMIT $3`, [
    streamId,
    afterVersion,
    limit,
  ]);
  return rows.map(toStored);
}

/**
 * The events an export of the stream holds, a page at a time through a cursor (the stream is never
 * held whole): those the ledger put below `treeSize` in ledger order, then those it never took up
 * to the stream's signed length (`signedLeaves`), by stream version, so that a verifier reports
 * them. Events after the checkpoint are left for the next export.
 */
export function exportedLeafEventPages(
  db: Queryable,
  streamId: string,
  treeSize: number,
  signedLeaves: number,
  pageSize: number,
): AsyncIterable<StoredLeafEvent[]> {
  return cursorPages(
    db,
    'audit_export_events',
    `${SELECT} WHERE e.stream_id = $1 AND (l.ledger_index < $2 OR (l.ledger_index IS NULL AND e.stream_version <= $3))
      ORDER BY l.ledger_index NULLS LAST, e.stream_version`,
    [streamId, treeSize, signedLeaves],
    pageSize,
    toStored,
  );
}

export interface LedgerLeafRow {
  index: number;
  eventId: string;
  streamVersion: number;
  leafHash: Buffer;
}

/** What the ledger recorded for the stream's leaves below `treeSize`, by index, a page at a time. */
export function ledgerLeafPages(db: Queryable, streamId: string, treeSize: number, pageSize: number): AsyncIterable<LedgerLeafRow[]> {
  return cursorPages(
    db,
    'audit_export_ledger',
    'SELECT ledger_index, event_id, stream_version, leaf_hash FROM ledger_leaves WHERE stream_id = $1 AND ledger_index < $2 ORDER BY ledger_index',
    [streamId, treeSize],
    pageSize,
    (row: { ledger_index: string; event_id: string; stream_version: string; leaf_hash: Buffer }) => ({
      index: Number(row.ledger_index),
      eventId: row.event_id,
      streamVersion: Number(row.stream_version),
      leafHash: row.leaf_hash,
    }),
  );
}

/**
 * A query's rows a page at a time through an SQL cursor: other statements may run on the
 * connection between pages (a proof's hashes, say). The connection must be in a transaction.
 */
async function* cursorPages<R, T>(db: Queryable, name: string, text: string, values: unknown[], pageSize: number, map: (row: R) => T): AsyncIterable<T[]> {
  await db.query({ text: `DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, values });
  try {
    for (;;) {
      const { rows } = await db.query<R & pg.QueryResultRow>(`FETCH ${pageSize} FROM ${name}`);
      if (rows.length === 0) return;
      yield rows.map(map);
    }
  } finally {
    // An aborted transaction has closed it already; closing then would fail again.
    await db.query(`CLOSE ${name}`).catch(() => undefined);
  }
}

// Proofs read one event each: named, so that each connection plans the statement once (planning
// cost more than running it).
const AT_INDEX = `SELECT ${eventColumns('e')}, l.ledger_index, l.previous_index, l.previous_hash
  FROM ledger_leaves l JOIN es_events e ON e.global_position = l.global_position WHERE l.ledger_index = $1`;

/** The event the ledger put at an index, as the log holds it now. */
export async function readLeafEventAt(db: Queryable, index: number): Promise<StoredLeafEvent | undefined> {
  const { rows } = await db.query<Row>({ name: 'ledger_leaf_event_at', text: AT_INDEX, values: [index] });
  return rows[0] && toStored(rows[0]);
}

export async function readLeafEventById(db: Queryable, eventId: string): Promise<StoredLeafEvent | undefined> {
  const { rows } = await db.query<Row>({ name: 'ledger_leaf_event_by_id', text: `${SELECT} WHERE e.event_id = $1`, values: [eventId] });
  return rows[0] && toStored(rows[0]);
}

function toStored(row: Row): StoredLeafEvent {
  return {
    event: leafEventOf(recordedEventOf(row)),
    ledger:
      row.ledger_index === null
        ? null
        : {
            index: Number(row.ledger_index),
            previous: row.previous_index === null ? null : { index: Number(row.previous_index), leafHash: row.previous_hash!.toString('hex') },
          },
  };
}

/** The heads the latest checkpoint signed (each stream's last leaf at its tree size), as stored. */
export async function readCheckpointHeads(db: Queryable): Promise<StreamHead[]> {
  const { rows } = await db.query<{ stream_id: string; ledger_index: string; leaf_hash: Buffer; leaves: string }>(
    'SELECT stream_id, ledger_index, leaf_hash, leaves FROM ledger_checkpoint_heads',
  );
  return rows.map((row) => ({ streamId: row.stream_id, index: Number(row.ledger_index), leafHash: row.leaf_hash.toString('hex'), leaves: Number(row.leaves) }));
}
