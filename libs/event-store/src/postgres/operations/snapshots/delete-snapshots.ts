import type { Queryable } from '#database';

const DELETE_SNAPSHOTS = `DELETE FROM es_snapshots WHERE stream_id = $1 AND rules_version = $2 AND stream_version = ANY($3::bigint[])`;

/** Deletes the stream's snapshots of these rules at these versions; returns how many. */
export async function deleteSnapshots(db: Queryable, streamId: string, rulesVersion: string, versions: readonly number[]): Promise<number> {
  const { rowCount } = await db.query(DELETE_SNAPSHOTS, [streamId, rulesVersion, [...versions]]);
  return rowCount ?? 0;
}
