import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { ReadStreamOptions } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';
import { readStreamVersion } from './stream-version.js';

const READ_STREAM = `SELECT ${eventColumns()} FROM es_events
        WHERE stream_id = $1 AND stream_version >= $2 AND ($3::bigint IS NULL OR stream_version <= $3)
        ORDER BY stream_version`;

/** A stream's events in order, from/to a version, or as recorded at an instant (the longest prefix recorded by then). */
export async function readStream(db: Queryable, upcasters: UpcasterRegistry, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  let toVersion = options.toVersion ?? null;
  if (options.recordedAtOrBefore !== undefined) {
    // Events recorded later rise past the instant too, so the prefix found first cannot grow meanwhile.
    const asRecorded = await readStreamVersion(db, streamId, { recordedAtOrBefore: options.recordedAtOrBefore });
    toVersion = toVersion === null ? asRecorded : Math.min(toVersion, asRecorded);
  }
  const { rows } = await db.query<EventRow>(READ_STREAM, [streamId, options.fromVersion ?? 1, toVersion]);
  return rows.map((row) => recordedEventOf(row, upcasters));
}
