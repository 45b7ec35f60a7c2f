import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { ParticipantEventsOptions } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';
import { SUBJECT } from './event-subject.js';

// Two index scans of es_events_subject: the participant's events, then the events that name no
// participant about the few payments those name.
const PARTICIPANT_EVENTS = `WITH own AS MATERIALIZED (
    SELECT * FROM es_events
     WHERE stream_id = $1 AND ${SUBJECT} = $2 AND data->>'participantId' = $2 AND stream_version <= $3
  )
  SELECT ${eventColumns()} FROM own
  UNION ALL
  SELECT ${eventColumns()} FROM es_events
   WHERE stream_id = $1 AND ${SUBJECT} = ANY(ARRAY(SELECT DISTINCT data->>'paymentId' FROM own WHERE data->>'paymentId' IS NOT NULL))
     AND data->>'participantId' IS NULL AND event_type = ANY($4::text[]) AND stream_version <= $3
  ORDER BY stream_version`;

/** One participant's events in a stream (see EventStreamReader.readParticipantEvents), upcast, in stream order. */
export async function readParticipantEvents(
  db: Queryable,
  upcasters: UpcasterRegistry,
  streamId: string,
  participantId: string,
  options: ParticipantEventsOptions,
): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(PARTICIPANT_EVENTS, [
    streamId,
    participantId,
    options.toVersion ?? Number.MAX_SAFE_INTEGER,
    [...options.paymentEventTypes],
  ]);
  return rows.map((row) => recordedEventOf(row, upcasters));
}
