import type { Queryable } from '#database';
import type { ProjectedValue } from './projected-value.js';

// A value already there is the same one (the fold of the same events by the same code): kept.
const WRITE = `INSERT INTO es_stream_projections (stream_id, projection, stream_version, value, previous_version) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT DO NOTHING`;

/** Writes a stream projection's value at `version` (through `db`: the pool, or the appending transaction's connection). */
export async function writeProjectedValue(db: Queryable, streamId: string, version: number, projected: ProjectedValue): Promise<void> {
  await db.query({
    name: 'es_write_projected_value',
    text: WRITE,
    values: [streamId, projected.projection, version, projected.value, projected.previousVersion],
  });
}
