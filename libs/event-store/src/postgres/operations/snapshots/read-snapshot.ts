import type { Queryable } from '#database';
import type { Snapshot } from '../../../snapshot-store.port.js';
import { RECORDED_AT_TEXT } from '../event-row.js';

const READ_SNAPSHOT = `SELECT to_char(recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at, state
  FROM es_snapshots WHERE stream_id = $1 AND rules_version = $2 AND stream_version = $3`;

export async function readSnapshot(db: Queryable, streamId: string, rulesVersion: string, version: number): Promise<Snapshot | undefined> {
  const { rows } = await db.query<{ recorded_at: string; state: string }>({
    name: 'es_read_snapshot',
    text: READ_SNAPSHOT,
    values: [streamId, rulesVersion, version],
  });
  const row = rows[0];
  return row === undefined ? undefined : { streamId, rulesVersion, streamVersion: version, recordedAt: row.recorded_at, state: row.state };
}
