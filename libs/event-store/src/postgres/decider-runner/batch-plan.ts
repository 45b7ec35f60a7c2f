import { randomUUID } from 'node:crypto';
import { eventIdFor } from '../../command-id.js';
import type { DecidedEvent, Decider } from '../../decider.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../event-envelope.js';
import { CommandIdReusedError } from '../../event-store.errors.js';
import type { CommandEnvelope, CommandOutcome } from './command-envelope.js';

/** What a command id recorded before the batch: its events, or the reuse of the id. */
export type EarlierRecord = RecordedEvent[] | CommandIdReusedError;

export interface BatchPlanInput<TCommand, TState> {
  decider: Decider<TCommand, TState>;
  /** The state the batch starts from; evolved IN PLACE as the plan goes (see BatchPlan.evolved). */
  state: TState;
  version: number;
  recordedAt: string;
  envelopes: readonly CommandEnvelope<TCommand>[];
  /** Errors that reject only their command; any other error is thrown. */
  isRejection?: (error: unknown) => boolean;
  /**
   * What the batch's command ids recorded earlier, when they were looked up (the locked path).
   * Without it (the one-statement path) a command with an id that records nothing or is refused
   * may be a retry, and the plan asks for the lookup instead.
   */
  earlier?: ReadonlyMap<string, EarlierRecord>;
  /** The events as the store will read them back once appended at `firstVersion`. */
  asStored(firstVersion: number, events: NewEvent[]): RecordedEvent[];
}

export type BatchPlan<TState> =
  | {
      kind: 'planned';
      /** One per envelope, in order. */
      outcomes: CommandOutcome[];
      /** The events to append, as given to the store, and as they will read back. */
      pending: NewEvent[];
      recorded: RecordedEvent[];
      state: TState;
      /** The stream's version once `pending` is appended. */
      version: number;
      /** The last command's events, not yet evolved into `state`: evolve them once appended. */
      unevolved: RecordedEvent[];
      /** Whether `state` was changed in place. */
      evolved: boolean;
    }
  | { kind: 'needs-lookup'; evolved: boolean };

/**
 * Decides a batch of one stream's commands in order, each against the state the previous left:
 * the same events as one by one. Both of the runner's paths use it, so that the rules of
 * exactly-once are said once: a command id already recorded answers with what it recorded (a
 * retry) or is refused when it recorded another stream's or another command's events (its
 * fingerprint); two commands with one id in the batch are the first and its retry; a command the
 * decider refuses is rejected alone when `isRejection` says so.
 */
export function planBatch<TCommand, TState>(input: BatchPlanInput<TCommand, TState>): BatchPlan<TState> {
  const { decider, recordedAt, isRejection } = input;
  let { state, version } = input;
  const earlier = new Map(input.earlier);
  const outcomes: CommandOutcome[] = [];
  const pending: NewEvent[] = [];
  const recorded: RecordedEvent[] = [];
  // The events of the latest command are evolved only when the next one needs them (or by the
  // runner after the append), so that a batch of one leaves the state untouched until it is written.
  let unevolved: RecordedEvent[] = [];
  let evolved = false;
  for (const envelope of input.envelopes) {
    const { commandId } = envelope;
    const found = commandId === undefined ? undefined : earlier.get(commandId);
    const reuse = reuseOf(envelope, found);
    if (reuse !== undefined) {
      if (!isRejection?.(reuse)) throw reuse;
      outcomes.push({ rejected: reuse });
      continue;
    }
    if (Array.isArray(found) && found.length > 0) {
      outcomes.push({ events: found, version, duplicate: true });
      continue;
    }
    for (const event of unevolved) state = decider.evolve(state, event);
    evolved ||= unevolved.length > 0;
    unevolved = [];
    const mayBeRetry = commandId !== undefined && input.earlier === undefined;
    let decided: DecidedEvent[];
    try {
      decided = decider.decide(envelope.command, state, { nextVersion: version + 1, now: recordedAt });
    } catch (error) {
      if (mayBeRetry) return { kind: 'needs-lookup', evolved };
      if (!isRejection?.(error)) throw error;
      outcomes.push({ rejected: error });
      continue;
    }
    if (decided.length === 0) {
      if (mayBeRetry) return { kind: 'needs-lookup', evolved };
      outcomes.push({ events: [], version, duplicate: false });
      continue;
    }
    const events = newEvents(envelope, decided, recordedAt);
    const stored = input.asStored(version + 1, events);
    version += stored.length;
    // One at a time: a spread passes every event as an argument, and a command that records a
    // hundred thousand (a termination reversing every outcome after its date, at 5 million facts)
    // overflowed the stack.
    for (const event of events) pending.push(event);
    for (const event of stored) recorded.push(event);
    unevolved = stored;
    if (commandId !== undefined) earlier.set(commandId, stored);
    outcomes.push({ events: stored, version, duplicate: false });
  }
  return { kind: 'planned', outcomes, pending, recorded, state, version, unevolved, evolved };
}

/** The events a command's decision records: ids derived from its id (a retry has the same), its metadata. */
function newEvents(envelope: CommandEnvelope<unknown>, decided: DecidedEvent[], recordedAt: string): NewEvent[] {
  const metadata: EventMetadata = {
    ...envelope.metadata,
    ...(envelope.commandId ? { commandId: envelope.commandId } : {}),
    ...(envelope.fingerprint ? { fingerprint: envelope.fingerprint } : {}),
  };
  return decided.map((event, index) => ({
    eventId: envelope.commandId ? eventIdFor(envelope.commandId, index) : randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata,
    recordedAt,
  }));
}

/**
 * The reuse of the command's id, if what it recorded earlier is another stream's or another
 * command's (another fingerprint). Events recorded without a fingerprint cannot tell, and count as
 * the command's own.
 */
function reuseOf(envelope: CommandEnvelope<unknown>, found: EarlierRecord | undefined): CommandIdReusedError | undefined {
  if (found instanceof CommandIdReusedError) return found;
  const first = found?.[0];
  const earlier = first?.metadata.fingerprint;
  if (first === undefined || earlier === undefined || envelope.fingerprint === undefined || earlier === envelope.fingerprint) return undefined;
  return new CommandIdReusedError(envelope.commandId as string, 'another-command', first.type);
}
