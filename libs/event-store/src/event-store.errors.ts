import type { ExpectedVersion } from './expected-version.js';

/** The stream was not at the version the writer expected: someone else appended first. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** Some, but not all, of the appended event ids are already stored (or stored in another stream). */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: event ids already used by other events: ${eventIds.join(', ')}`);
  }
}

/**
 * Other writers kept the stream contended through every attempt a writer allows itself (version
 * conflicts, or its lock held past the time allowed): nothing was written, and the same command may
 * simply be sent again shortly. Not the caller's fault.
 */
export class StreamBusyError extends Error {
  override readonly name = 'StreamBusyError';
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${streamId}: still contended by other writers after the attempts allowed; nothing was written`, options);
  }
}

/** Where else a command id was used: on another stream, or for another command (fingerprint) on this one. */
export type CommandIdReuse = 'another-stream' | 'another-command';

/** A command id already recorded for another command: not a retry, and nothing is recorded for it. */
export class CommandIdReusedError extends Error {
  override readonly name = 'CommandIdReusedError';
  constructor(
    readonly commandId: string,
    readonly reason: CommandIdReuse,
    /** The type of the first event the id recorded (another-command). */
    readonly recordedType?: string,
  ) {
    super(
      reason === 'another-stream'
        ? `command id ${commandId} was already used for another stream`
        : `command id ${commandId} was already used for another command (it recorded ${recordedType})`,
    );
  }
}
