import type { NewEvent, RecordedEvent } from '../../event-envelope.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { asJsonb } from '../jsonb.js';

/** An es_events row as eventColumns selects it: the log's row format, read here and nowhere else. */
export interface EventRow {
  global_position: string;
  transaction_text: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  /** ISO-8601 UTC with microseconds, as stored: a Date would lose the microseconds. */
  recorded_at: string;
}

/** How recorded_at is read: ISO-8601 UTC with microseconds. */
export const RECORDED_AT_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * The select list of an EventRow, of es_events under `alias` when given (for a query that joins
 * it with another table). The xid8 is read as text under another name: an output column named
 * transaction_id would be what ORDER BY transaction_id sorts by, as text, and '1000' sorts before '999'.
 */
export function eventColumns(alias?: string): string {
  const e = alias === undefined ? '' : `${alias}.`;
  return `${e}global_position, ${e}transaction_id::text AS transaction_text, ${e}event_id, ${e}stream_id, ${e}stream_version,
  ${e}event_type, ${e}schema_version, ${e}data, ${e}metadata,
  to_char(${e}recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at`;
}

/** The event a row holds: upcast when `upcasters` are given (what readers get), else as stored (what the ledger hashes). */
export function recordedEventOf(row: EventRow, upcasters?: UpcasterRegistry): RecordedEvent {
  const { schemaVersion, data } = upcasters
    ? upcasters.upcast(row.event_type, row.schema_version, row.data)
    : { schemaVersion: row.schema_version, data: row.data };
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: BigInt(row.global_position),
    transactionId: row.transaction_text,
    type: row.event_type,
    schemaVersion,
    data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

/**
 * The events as reading them back after appending them at `firstVersion` on would give (data and
 * metadata as jsonb returns them, upcast), for a writer that evolves state from them before the
 * append. Each must carry its `recordedAt`; `globalPosition` and `transactionId` are left for the
 * caller to set from the append's result (`AppendResult.globalPositions` and `.stored`).
 */
export function asStored(upcasters: UpcasterRegistry, streamId: string, firstVersion: number, events: NewEvent[]): RecordedEvent[] {
  return events.map((event, index) => {
    if (event.recordedAt === undefined) throw new Error("asStored needs each event's recordedAt");
    const { schemaVersion, data } = upcasters.upcast(event.type, event.schemaVersion ?? 1, asJsonb(event.data));
    return {
      eventId: event.eventId,
      streamId,
      streamVersion: firstVersion + index,
      globalPosition: 0n,
      transactionId: '',
      type: event.type,
      schemaVersion,
      data,
      metadata: asJsonb(event.metadata ?? {}),
      recordedAt: event.recordedAt,
    };
  });
}
