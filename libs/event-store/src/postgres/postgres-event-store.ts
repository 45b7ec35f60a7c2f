import type pg from 'pg';
import { inTransaction, type Queryable } from '#database';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import type { CommandIdReusedError } from '../event-store.errors.js';
import type {
  AppendResult,
  EventAppender,
  EventLogReader,
  EventStreamReader,
  ParticipantEventsOptions,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  StreamLevelEventsOptions,
  StreamVersionOptions,
} from '../event-store.port.js';
import { UpcasterRegistry } from '../upcaster.registry.js';
import { appendToStream } from './operations/append.js';
import { findCommandEvents } from './operations/command-lookup.js';
import { appendIfAt, appendManyIfAt, type ConditionalAppend, type StoredAppend, toPayload } from './operations/conditional-append.js';
import { asStored } from './operations/event-row.js';
import { readParticipantEvents } from './operations/participant-events.js';
import { readAll } from './operations/read-all.js';
import { readStream } from './operations/read-stream.js';
import { readStreamLevelEvents } from './operations/stream-level-events.js';
import { readStreamVersion } from './operations/stream-version.js';
import type { ProjectedValue } from './operations/projected-value.js';
import { readProjectedValue } from './operations/read-projected-value.js';
import { type ProjectedValueAt, readProjectedValueAt } from './operations/read-projected-value-at.js';
import { writeProjectedValue } from './operations/write-projected-value.js';

export type { ConditionalAppend, StoredAppend } from './operations/conditional-append.js';
export type { ProjectedValue } from './operations/projected-value.js';
export type { ProjectedValueAt } from './operations/read-projected-value-at.js';

/**
 * The PostgreSQL adapter of the event store's port (schema: event-store.migrations.ts; one file per
 * operation under operations/). Besides the port it offers what the PostgreSQL machinery built on it
 * needs (the decider runner, group commit, catch-up subscriptions): the same operations inside a
 * caller's transaction (the `...With` methods), conditional appends, the lookup of what command ids recorded.
 */
export class PostgresEventStore implements EventStreamReader, EventLogReader, EventAppender {
  constructor(
    private readonly pool: pg.Pool,
    private readonly upcasters = new UpcasterRegistry(),
  ) {}

  async appendToStream(append: StreamAppend): Promise<AppendResult> {
    return (await appendToStream(this.pool, this.pool, append)).result;
  }

  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return inTransaction(this.pool, async (client) => {
      const results: AppendResult[] = [];
      for (const append of appends) results.push((await appendToStream(client, this.pool, append)).result);
      return results;
    });
  }

  /** appendToStream inside the caller's transaction (or on the pool), also telling what it stored (see operations/append.ts). */
  appendStoredWith(db: Queryable, append: StreamAppend): Promise<{ result: AppendResult; stored?: StoredAppend }> {
    return appendToStream(db, this.pool, append);
  }

  /** Appends if and only if the stream is at `expectedVersion` (see operations/conditional-append.ts). */
  appendIfAt(
    db: Queryable,
    streamId: string,
    streamType: string,
    expectedVersion: number,
    events: NewEvent[],
    projected?: ProjectedValue,
  ): Promise<ConditionalAppend> {
    return appendIfAt(db, this.pool, streamId, streamType, expectedVersion, toPayload(events), projected);
  }

  /** appendIfAt for several existing streams in one statement (see operations/conditional-append.ts). */
  appendManyIfAt(
    db: Queryable,
    appends: Array<{ streamId: string; expectedVersion: number; events: NewEvent[]; projected?: ProjectedValue }>,
  ): Promise<ConditionalAppend[]> {
    return appendManyIfAt(db, appends);
  }

  /** A stream projection's value at `version` (docs/snapshots.md, "The contract summary"), if one was written. */
  projectedValue(streamId: string, projection: string, version: number): Promise<Buffer | undefined> {
    return readProjectedValue(this.pool, streamId, projection, version);
  }

  /** What the stored rows of a stream projection say of its value at `version` (see operations/read-projected-value-at.ts). */
  projectedValueAt(streamId: string, projection: string, version: number): Promise<ProjectedValueAt> {
    return readProjectedValueAt(this.pool, streamId, projection, version);
  }

  /** Writes a stream projection's value at `version`, on the pool or in the caller's transaction (`db`). */
  writeProjectedValue(streamId: string, version: number, projected: ProjectedValue, db: Queryable = this.pool): Promise<void> {
    return writeProjectedValue(db, streamId, version, projected);
  }

  /** What each command id recorded in the stream (see operations/command-lookup.ts). */
  findCommandEvents(db: Queryable, streamId: string, commandIds: Iterable<string>): Promise<Map<string, RecordedEvent[] | CommandIdReusedError>> {
    return findCommandEvents(db, this.upcasters, streamId, commandIds);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return readStream(this.pool, this.upcasters, streamId, options);
  }

  readStreamWith(db: Queryable, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return readStream(db, this.upcasters, streamId, options);
  }

  streamVersion(streamId: string, options: StreamVersionOptions = {}): Promise<number> {
    return readStreamVersion(this.pool, streamId, options);
  }

  streamVersionWith(db: Queryable, streamId: string, options: StreamVersionOptions = {}): Promise<number> {
    return readStreamVersion(db, streamId, options);
  }

  readParticipantEvents(streamId: string, participantId: string, options: ParticipantEventsOptions): Promise<RecordedEvent[]> {
    return readParticipantEvents(this.pool, this.upcasters, streamId, participantId, options);
  }

  readStreamLevelEvents(streamId: string, options: StreamLevelEventsOptions = {}): Promise<RecordedEvent[]> {
    return readStreamLevelEvents(this.pool, this.upcasters, streamId, options);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAll(this.pool, this.upcasters, options);
  }

  readAllWith(db: Queryable, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAll(db, this.upcasters, options);
  }

  /** The events as reading them back after appending them at `firstVersion` on would give (see operations/event-row.ts). */
  asStored(streamId: string, firstVersion: number, events: NewEvent[]): RecordedEvent[] {
    return asStored(this.upcasters, streamId, firstVersion, events);
  }
}
