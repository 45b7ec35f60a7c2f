import type { EventMetadata, RecordedEvent } from '../../event-envelope.js';

export interface CommandEnvelope<TCommand> {
  streamId: string;
  streamType: string;
  command: TCommand;
  /** The caller's id for this command: a retry with the same id returns the first result and writes nothing. */
  commandId?: string;
  /**
   * What the command asks (e.g. a hash of its type and data), kept with its events: a command with
   * an id already recorded under another fingerprint is no retry but a reuse of the id, refused
   * (CommandIdReusedError). Compared only when both sides have one.
   */
  fingerprint?: string;
  metadata?: EventMetadata;
}

export interface CommandResult {
  /** The events the command recorded (on a retry: those the first attempt recorded). */
  events: RecordedEvent[];
  /** The stream's version after the command. */
  version: number;
  duplicate: boolean;
}

/** A command the decider refused (a business rule), when the batch was asked to go on without it. */
export interface CommandRejected {
  rejected: unknown;
}

export type CommandOutcome = CommandResult | CommandRejected;

export interface ExecuteManyOptions {
  /** Errors for which only that command is dropped and the batch goes on (e.g. a refused fact in a bulk import). */
  isRejection?: (error: unknown) => boolean;
}
