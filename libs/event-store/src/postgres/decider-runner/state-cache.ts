/** A stream's state as this process last knew it to be committed. */
export interface CachedState<TState, TValue = unknown> {
  state: TState;
  /** The stream version the state was built from. */
  version: number;
  /** recordedAt of the stream's last event ('' for an empty stream). */
  lastRecordedAt: string;
  /** The runner's projection's value for the state (StateProjection), when it has one. */
  projected?: TValue;
  /**
   * The projection's row this runner last stored for the stream (its version, and the key of its
   * value: StateProjection.key), when every batch the runner appended since left the key unchanged
   * and nothing else appended to the stream: the value at every version from it up to the last
   * batch's base (each compared by key) is the row's; at the state's own version it is not compared yet.
   */
  stored?: { version: number; key: string };
}

/**
 * The decider runner's states by stream. A state (and its projected value) is evolved in place (one
 * user per stream at a time: the runner's mutex), so whoever abandons a change it made in place
 * must forget the entry.
 */
export class StateCache<TState, TValue = unknown> {
  private readonly entries = new Map<string, CachedState<TState, TValue>>();

  get(streamId: string): CachedState<TState, TValue> | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, entry: CachedState<TState, TValue>): void {
    this.entries.set(streamId, entry);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}
