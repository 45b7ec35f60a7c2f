/** A stream projection's value at the version a batch is appended on (docs/snapshots.md, "The contract summary"), written with the batch. */
export interface ProjectedValue {
  /** The projection's name with the version of the code that computed it (es_stream_projections.projection). */
  projection: string;
  /** Its bytes, in the projection's own encoding. */
  value: Buffer;
  /**
   * The version of the row the writer stored before for the stream, when every batch appended
   * since then left the value unchanged (so had no row of its own); null when it does not know
   * (a fold's row, the first after a restart or after another writer's appends).
   */
  previousVersion: number | null;
}
