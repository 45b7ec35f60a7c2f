import type { Queryable } from '#database';

const SNAPSHOT_VERSIONS = `SELECT stream_version FROM es_snapshots WHERE stream_id = $1 AND rules_version = $2 ORDER BY stream_version`;

/** The versions of the stream's snapshots of these rules, in order (the primary key's: no state is read). */
export async function snapshotVersions(db: Queryable, streamId: string, rulesVersion: string): Promise<number[]> {
  const { rows } = await db.query<{ stream_version: string }>({ name: 'es_snapshot_versions', text: SNAPSHOT_VERSIONS, values: [streamId, rulesVersion] });
  return rows.map((row) => Number(row.stream_version));
}
