import type { Queryable } from '#database';

const LATEST_SNAPSHOT_VERSION = `SELECT max(stream_version) AS version FROM es_snapshots
  WHERE stream_id = $1 AND rules_version = $2 AND ($3::bigint IS NULL OR stream_version <= $3)`;

/** The version of the stream's latest snapshot of these rules at or before a version (the primary key's order: one index probe). */
export async function latestSnapshotVersion(db: Queryable, streamId: string, rulesVersion: string, atOrBefore?: number): Promise<number | undefined> {
  const { rows } = await db.query<{ version: string | null }>({
    name: 'es_latest_snapshot_version',
    text: LATEST_SNAPSHOT_VERSION,
    values: [streamId, rulesVersion, atOrBefore ?? null],
  });
  const version = rows[0]?.version ?? null;
  return version === null ? undefined : Number(version);
}
