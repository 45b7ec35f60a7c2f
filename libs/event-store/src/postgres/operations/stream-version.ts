import type { Queryable } from '#database';
import type { StreamVersionOptions } from '../../event-store.port.js';

/** A stream's version (0 when it does not exist); with `recordedAtOrBefore`, that of the prefix readStream reads as recorded then. */
export async function readStreamVersion(db: Queryable, streamId: string, options: StreamVersionOptions = {}): Promise<number> {
  if (options.recordedAtOrBefore === undefined) {
    const { rows } = await db.query<{ version: string }>('SELECT version FROM es_streams WHERE stream_id = $1', [streamId]);
    return rows.length === 0 ? 0 : Number(rows[0].version);
  }
  // The prefix readStream reads as recorded at the instant: up to the first event recorded after it.
  const { rows } = await db.query<{ version: string | null }>(
    `SELECT coalesce((SELECT min(stream_version) FROM es_events WHERE stream_id = $1 AND recorded_at > $2::timestamptz) - 1,
                     (SELECT version FROM es_streams WHERE stream_id = $1)) AS version`,
    [streamId, options.recordedAtOrBefore],
  );
  return Number(rows[0]?.version ?? 0);
}
