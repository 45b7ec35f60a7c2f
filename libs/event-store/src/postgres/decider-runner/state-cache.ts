/** A stream's state as this process last knew it to be committed. */
export interface CachedState<TState> {
  state: TState;
  /** The stream version the state was built from. */
  version: number;
  /** recordedAt of the stream's last event ('' for an empty stream). */
  lastRecordedAt: string;
}

/**
 * The decider runner's states by stream. A state is evolved in place (one user per stream at a
 * time: the runner's mutex), so whoever abandons a change it made in place must forget the entry.
 */
export class StateCache<TState> {
  private readonly entries = new Map<string, CachedState<TState>>();

  get(streamId: string): CachedState<TState> | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, entry: CachedState<TState>): void {
    this.entries.set(streamId, entry);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}
