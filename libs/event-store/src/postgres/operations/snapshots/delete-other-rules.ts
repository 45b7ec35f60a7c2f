import type { Queryable } from '#database';

// A rules version that wrote a snapshot within the grace period may still be running (a rolling
// upgrade: old and new processes at once); its snapshots stay until it has been quiet that long.
const DELETE_OTHER_RULES = `DELETE FROM es_snapshots WHERE rules_version <> $1 AND rules_version IN (
    SELECT rules_version FROM es_snapshots WHERE rules_version <> $1
     GROUP BY rules_version HAVING max(written_at) < now() - make_interval(secs => $2::double precision / 1000)
  )`;

/** Deletes the snapshots of other rules versions that wrote none in the last `quietMs`; returns how many. */
export async function deleteSnapshotsOfOtherRules(db: Queryable, rulesVersion: string, quietMs: number): Promise<number> {
  const { rowCount } = await db.query(DELETE_OTHER_RULES, [rulesVersion, quietMs]);
  return rowCount ?? 0;
}
