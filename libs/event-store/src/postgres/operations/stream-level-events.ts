import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { StreamLevelEventsOptions } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';
import { SUBJECT } from './event-subject.js';

// One range scan of es_events_stream_level, whose rows are only the events without a subject.
const STREAM_LEVEL_EVENTS = `SELECT ${eventColumns()} FROM es_events
  WHERE stream_id = $1 AND ${SUBJECT} IS NULL AND stream_version <= $2
  ORDER BY stream_version`;

/** A stream's events that name neither a participant nor a payment (see EventStreamReader.readStreamLevelEvents), upcast, in stream order. */
export async function readStreamLevelEvents(
  db: Queryable,
  upcasters: UpcasterRegistry,
  streamId: string,
  options: StreamLevelEventsOptions = {},
): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(STREAM_LEVEL_EVENTS, [streamId, options.toVersion ?? Number.MAX_SAFE_INTEGER]);
  return rows.map((row) => recordedEventOf(row, upcasters));
}
