import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { ReadStreamOptions } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';

const READ_STREAM = `SELECT ${eventColumns()} FROM es_events
        WHERE stream_id = $1 AND stream_version >= $2 AND ($3::bigint IS NULL OR stream_version <= $3)
          AND ($4::timestamptz IS NULL OR stream_version < coalesce(
                (SELECT min(stream_version) FROM es_events WHERE stream_id = $1 AND recorded_at > $4), 'Infinity'::numeric))
        ORDER BY stream_version`;

/** A stream's events in order, from/to a version, or as recorded at an instant (the longest prefix recorded by then). */
export async function readStream(db: Queryable, upcasters: UpcasterRegistry, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(READ_STREAM, [streamId, options.fromVersion ?? 1, options.toVersion ?? null, options.recordedAtOrBefore ?? null]);
  return rows.map((row) => recordedEventOf(row, upcasters));
}
