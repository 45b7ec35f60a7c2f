import type { RecordedEvent } from './event-envelope.js';

/** An event a decision produces, before the store gives it an id and positions. */
export interface DecidedEvent {
  type: string;
  data: unknown;
  schemaVersion?: number;
}

export interface DecisionContext {
  /** Stream version the first decided event will get (so a decision can cite its own facts). */
  nextVersion: number;
  /** Now, as an ISO-8601 UTC instant. */
  now: string;
}

/**
 * The decider pattern: state is a left fold of the stream's events (`evolve`), and a command is
 * decided against the current state into new events (`decide`, which must not mutate `state`).
 * `evolve` may update the state in place and return it: the runner only hands it committed events.
 */
export interface Decider<TCommand, TState> {
  initialState(): TState;
  evolve(state: TState, event: RecordedEvent): TState;
  decide(command: TCommand, state: TState, context: DecisionContext): DecidedEvent[];
}
