import type { LogPosition, NewEvent, RecordedEvent } from './event-envelope.js';
import type { ExpectedVersion } from './expected-version.js';

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  /** Global positions of the appended events, in order. */
  globalPositions: bigint[];
  /** True when every event id was already stored: a retried append, nothing written. */
  duplicate: boolean;
}

export interface StreamAppend {
  streamId: string;
  /** A short category for the stream, e.g. `contract`. */
  streamType: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface ReadStreamOptions {
  /** First stream version to return (1-based, inclusive). */
  fromVersion?: number;
  /** Last stream version to return (inclusive). */
  toVersion?: number;
  /**
   * Only what had been recorded at this instant (ISO-8601): the longest prefix of the stream whose
   * events were all recorded at or before it. For "as recorded at" reads.
   */
  recordedAtOrBefore?: string;
}

export type StreamVersionOptions = Pick<ReadStreamOptions, 'recordedAtOrBefore'>;

export interface ParticipantEventsOptions {
  /** Last stream version to return (inclusive); the stream's end when absent. */
  toVersion?: number;
  /**
   * Also the events of these types that name no participant but a payment (`paymentId`) one of the
   * participant's own events names: what is about the participant without naming it (a payment
   * confirmed, say).
   */
  paymentEventTypes: readonly string[];
}

export interface StreamLevelEventsOptions {
  /** Last stream version to return (inclusive); the stream's end when absent. */
  toVersion?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; the log's start when absent. */
  after?: LogPosition;
  limit?: number;
  /**
   * Only events of these types (all types when absent). The filter is applied before the limit,
   * so a page holds up to `limit` matching events and the last one is a safe point to resume after.
   */
  eventTypes?: readonly string[];
  /** Only events of these streams (all streams when absent; none when empty). Applied before the limit too. */
  streamIds?: readonly string[];
}

// The event store's port, in the narrow pieces its consumers need: a read model reads streams, the
// payment feed reads the log, a writer appends. Each is an abstract class so that it is also the
// token Nest injects by; an adapter (PostgresEventStore; a KurrentDB one would plug in here)
// implements all of them, and passes the test suite test/support/event-store.contract.ts, run for
// every adapter listed in test/support/event-store.adapters.ts (docs/event-store.md).

/** Reads one stream. */
export abstract class EventStreamReader {
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * The stream's version (its number of events); 0 when it does not exist. With
   * `recordedAtOrBefore`: the version of the prefix `readStream` reads as recorded at that instant.
   */
  abstract streamVersion(streamId: string, options?: StreamVersionOptions): Promise<number>;
  /**
   * One participant's events in the stream, in stream order: those whose data names it
   * (`participantId`), and those of `paymentEventTypes` that name no participant but one of its
   * payments. Costs what it returns, not the stream's length.
   */
  abstract readParticipantEvents(streamId: string, participantId: string, options: ParticipantEventsOptions): Promise<RecordedEvent[]>;
  /**
   * The stream's events about the stream as a whole, in stream order: those whose data names
   * neither a participant (`participantId`) nor a payment (`paymentId`); a contract's
   * registration, amendments, termination and proposals. With readParticipantEvents, what an
   * "as recorded at" read of one participant folds. Costs what it returns, not the stream's length.
   */
  abstract readStreamLevelEvents(streamId: string, options?: StreamLevelEventsOptions): Promise<RecordedEvent[]>;
}

/** Reads the whole log in commit-safe order. */
export abstract class EventLogReader {
  /**
   * Events after a position in commit-safe order. Only events of transactions that have finished
   * are returned, so nothing can later appear before the last event returned.
   */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
}

/** Appends to streams, each after checking its expected version. */
export abstract class EventAppender {
  /** Appends atomically to one stream; an event id already stored in it makes the append a no-op answered with the first result. */
  abstract appendToStream(append: StreamAppend): Promise<AppendResult>;
  /** Appends to several streams in one transaction: all or nothing. */
  abstract appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
}

/** All of the port: what an adapter implements. */
export type EventStore = EventStreamReader & EventLogReader & EventAppender;
