/** A stream projection's value at the version a batch is appended on (docs/snapshots.md, "The contract summary"), written with the batch. */
export interface ProjectedValue {
  /** The projection's name with the version of the code that computed it (es_stream_projections.projection). */
  projection: string;
  /** Its bytes, in the projection's own encoding. */
  value: Buffer;
}
