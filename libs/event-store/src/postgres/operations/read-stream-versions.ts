import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';

const READ_STREAM_VERSIONS = `SELECT ${eventColumns()} FROM es_events
        WHERE stream_id = $1 AND stream_version = ANY($2::bigint[])
        ORDER BY stream_version`;

/** The events at these versions of a stream (those that exist), in order: rows read by the stream's index, however long the stream. */
export async function readStreamVersions(db: Queryable, upcasters: UpcasterRegistry, streamId: string, versions: readonly number[]): Promise<RecordedEvent[]> {
  if (versions.length === 0) return [];
  const { rows } = await db.query<EventRow>({ name: 'es_read_stream_versions', text: READ_STREAM_VERSIONS, values: [streamId, versions] });
  return rows.map((row) => recordedEventOf(row, upcasters));
}
