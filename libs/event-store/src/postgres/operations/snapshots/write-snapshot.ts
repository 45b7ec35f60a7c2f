import type { Queryable } from '#database';
import type { Snapshot } from '../../../snapshot-store.port.js';

/** Two writers of the same fold wrote the same state: the first one stays. */
const WRITE_SNAPSHOT = `INSERT INTO es_snapshots (stream_id, rules_version, stream_version, recorded_at, state)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`;

export async function writeSnapshot(db: Queryable, snapshot: Snapshot): Promise<void> {
  await db.query({
    name: 'es_write_snapshot',
    text: WRITE_SNAPSHOT,
    values: [snapshot.streamId, snapshot.rulesVersion, snapshot.streamVersion, snapshot.recordedAt, snapshot.state],
  });
}
