import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';

export interface DataFieldLookup {
  /** Only events of these types. */
  eventTypes: readonly string[];
  /** A top-level member of the events' data, compared as text (e.g. `paymentId`). */
  field: string;
  value: string;
}

const EVENTS_BY_DATA_FIELD = `SELECT ${eventColumns()} FROM es_events
  WHERE stream_id = $1 AND event_type = ANY($2::text[]) AND data->>$3 = $4 ORDER BY stream_version`;

/** A stream's events of some types whose data has `field` equal to `value`, in stream order, as stored (not upcast). */
export async function readStreamEventsByDataField(db: Queryable, streamId: string, lookup: DataFieldLookup): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(EVENTS_BY_DATA_FIELD, [streamId, [...lookup.eventTypes], lookup.field, lookup.value]);
  return rows.map((row) => recordedEventOf(row));
}
