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
  /** Microseconds since the Unix epoch, as int8 text: a Date would lose the microseconds. */
  recorded_at_us: string;
}

/** How recorded_at is read where a few rows are: ISO-8601 UTC with microseconds. */
export const RECORDED_AT_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * An instant of recorded_at as integer microseconds since the epoch, formatted in Node
 * (isoOfMicros): to_char cost PostgreSQL 1–4 µs a row on long reads, this about nothing more than
 * reading the column. date_part's float8 is within 0.25 µs of the instant in this millennium, so
 * the rounding is exact.
 */
const recordedAtMicros = (column: string): string => `round(date_part('epoch', ${column}) * 1000000)::int8`;

/** The last second isoOfMicros formatted, and its text up to the fraction: the events of a batch share their second. */
let lastSecond = Number.NaN;
let lastSecondText = '';

/** The ISO-8601 text RECORDED_AT_TEXT gives (six fractional digits, 'Z') of microseconds since the epoch. */
function isoOfMicros(micros: string): string {
  const us = Number(micros);
  const second = Math.floor(us / 1_000_000);
  if (second !== lastSecond) {
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 20);
    lastSecond = second;
  }
  return `${lastSecondText}${String(us - second * 1_000_000).padStart(6, '0')}Z`;
}

/**
 * The select list of an EventRow, of es_events under `alias` when given (for a query that joins
 * it with another table). The xid8 is read as text under another name: an output column named
 * transaction_id would be what ORDER BY transaction_id sorts by, as text, and '1000' sorts before '999'.
 */
export function eventColumns(alias?: string): string {
  const e = alias === undefined ? '' : `${alias}.`;
  return `${e}global_position, ${e}transaction_id::text AS transaction_text, ${e}event_id, ${e}stream_id, ${e}stream_version,
  ${e}event_type, ${e}schema_version, ${e}data, ${e}metadata,
  ${recordedAtMicros(`${e}recorded_at`)} AS recorded_at_us`;
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
    recordedAt: isoOfMicros(row.recorded_at_us),
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
