import type { Queryable } from '#database';

// Two probes of the primary key: the latest row at or below the version, and the first above it
// (its previous_version only).
const READ = `(SELECT stream_version, value, previous_version FROM es_stream_projections
    WHERE stream_id = $1 AND projection = $2 AND stream_version <= $3 ORDER BY stream_version DESC LIMIT 1)
  UNION ALL
  (SELECT stream_version, NULL, previous_version FROM es_stream_projections
    WHERE stream_id = $1 AND projection = $2 AND stream_version > $3 ORDER BY stream_version LIMIT 1)`;

/** What the rows of a stream projection say of its value at a version (readProjectedValueAt). */
export interface ProjectedValueAt {
  /** The latest row at or below the version. */
  row?: { version: number; value: Buffer };
  /**
   * Whether the rows prove that `row`'s value is the value at the version: the row is at the
   * version, or the first row above it was stored by a writer that had stored a row at or below
   * `row` and found the value unchanged at every batch in between (ProjectedValue.previousVersion).
   */
  exact: boolean;
}

/** A stream projection's value at `version` as its rows tell it (docs/snapshots.md, "The contract summary"). */
export async function readProjectedValueAt(db: Queryable, streamId: string, projection: string, version: number): Promise<ProjectedValueAt> {
  const { rows } = await db.query<{ stream_version: string; value: Buffer | null; previous_version: string | null }>({
    name: 'es_read_projected_value_at',
    text: READ,
    values: [streamId, projection, version],
  });
  const at = rows.find((row) => Number(row.stream_version) <= version);
  const above = rows.find((row) => Number(row.stream_version) > version);
  if (at === undefined) return { exact: false };
  const row = { version: Number(at.stream_version), value: at.value as Buffer };
  const exact = row.version === version || (above?.previous_version != null && Number(above.previous_version) <= row.version);
  return { row, exact };
}
