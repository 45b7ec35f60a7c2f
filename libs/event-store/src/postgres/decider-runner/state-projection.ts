import type { RecordedEvent } from '../../event-envelope.js';

/**
 * A value the decider runner keeps beside each stream's cached state, evolved with it event by
 * event (docs/snapshots.md, "The contract summary"): what a read of the current state would otherwise compute from the
 * whole state. And, stored with a batch the runner appends, in the same statement or transaction,
 * the value at the version the batch was appended on (`valueAt`), when its `key` differs from that
 * of the last value the runner stored for the stream: a read "as recorded at" a version is the
 * latest row at or below it.
 */
export interface StateProjection<TState, TValue> {
  /** The stored values' name, with the version of the code that computes them (es_stream_projections.projection). */
  readonly name: string;
  /** The value of a state, computed whole: once per stream the runner loads (from its snapshot or its first event). */
  of(state: TState): TValue;
  /** Evolves `state` by `event` with the decider's `evolve` (in place, as it may) and `value` with it, in place; returns the state. */
  evolve(value: TValue, state: TState, event: RecordedEvent, evolve: (state: TState, event: RecordedEvent) => TState): TState;
  /** The bytes stored for the stream at the state's version (in the projection's own encoding), or undefined for none (a state there is nothing to say of). */
  valueAt(value: TValue, state: TState): Buffer | undefined;
  /**
   * A cheap key of everything `valueAt` depends on, computed on every batch: equal keys mean equal
   * stored bytes (so the runner stores nothing), never the other way round.
   */
  key(value: TValue, state: TState): string;
}
