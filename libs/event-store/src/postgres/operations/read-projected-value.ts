import type { Queryable } from '#database';

const READ = 'SELECT value FROM es_stream_projections WHERE stream_id = $1 AND projection = $2 AND stream_version = $3';

/** A stream projection's value (its bytes) at `version`, if one was written: one primary-key lookup. */
export async function readProjectedValue(db: Queryable, streamId: string, projection: string, version: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ value: Buffer }>({ name: 'es_read_projected_value', text: READ, values: [streamId, projection, version] });
  return rows[0]?.value;
}
