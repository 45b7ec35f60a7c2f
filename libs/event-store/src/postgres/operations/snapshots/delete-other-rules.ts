import type { Queryable } from '#database';

/** Snapshots of other rules are never read again (a reader reads only its own rules' snapshots). */
export async function deleteSnapshotsOfOtherRules(db: Queryable, rulesVersion: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM es_snapshots WHERE rules_version <> $1', [rulesVersion]);
  return rowCount ?? 0;
}
