import type pg from 'pg';
import { inTransaction, type Queryable } from '#database';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import { eventIdFor } from '../command-id.js';
import { CommandIdReusedError, EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors.js';
import type {
  AppendResult,
  EventAppender,
  EventLogReader,
  EventStreamReader,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  StreamVersionOptions,
} from '../event-store.port.js';
import type { ExpectedVersion } from '../expected-version.js';
import { UpcasterRegistry } from '../upcaster.registry.js';
import { asJsonb } from './jsonb.js';

interface EventRow {
  global_position: string;
  transaction_text: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  /** ISO-8601 UTC with microseconds, as stored: a Date would lose the microseconds. */
  recorded_at: string;
}

// The xid8 is read as text under another name: an output column named transaction_id would be
// what ORDER BY transaction_id sorts by, as text, and '1000' sorts before '999'.
const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_text, event_id, stream_id, stream_version,
  event_type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at`;

const RECORDED_AT_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const INSERT_EVENTS = `INSERT INTO es_events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
  SELECT (e->>'eventId')::uuid, $1, s.base + ord, e->>'type', coalesce((e->>'schemaVersion')::integer, 1),
         e->'data', coalesce(e->'metadata', '{}'::jsonb), coalesce((e->>'recordedAt')::timestamptz, clock_timestamp())
    FROM s, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
  RETURNING global_position, stream_version, transaction_id::text AS transaction_text,
    to_char(recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at`;
const APPEND_NEW = `WITH s AS (INSERT INTO es_streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
  ON CONFLICT (stream_id) DO NOTHING RETURNING 0::bigint AS base) ${INSERT_EVENTS}`;
const APPEND_NEXT = `WITH s AS (UPDATE es_streams SET version = es_streams.version + $3, updated_at = now()
  WHERE stream_id = $1 AND es_streams.version = $2 RETURNING es_streams.version - $3 AS base) ${INSERT_EVENTS}`;

// Several streams' conditional appends in one statement (AppendBatcher): each stream's events are
// written only if it is at its expected version; the others are left out of the insert.
const APPEND_MANY = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(idx integer, stream_id text, expected bigint, events jsonb)
  ), s AS (
    UPDATE es_streams SET version = es_streams.version + jsonb_array_length(input.events), updated_at = now()
      FROM input
     WHERE es_streams.stream_id = input.stream_id AND es_streams.version = input.expected
    RETURNING input.idx, es_streams.stream_id, input.expected AS base, input.events
  )
  INSERT INTO es_events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
  SELECT (e->>'eventId')::uuid, s.stream_id, s.base + ord, e->>'type', coalesce((e->>'schemaVersion')::integer, 1),
         e->'data', coalesce(e->'metadata', '{}'::jsonb), coalesce((e->>'recordedAt')::timestamptz, clock_timestamp())
    FROM s, jsonb_array_elements(s.events) WITH ORDINALITY AS t(e, ord) ORDER BY s.idx, ord
  RETURNING stream_id, global_position, stream_version, transaction_id::text AS transaction_text,
    to_char(recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at`;

function expectedToSql(expected: ExpectedVersion): number {
  switch (expected) {
    case 'any':
      return -1;
    case 'no_stream':
      return -2;
    case 'stream_exists':
      return -3;
    default:
      if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`expected version must be >= 0, got ${expected}`);
      return expected;
  }
}

/** What the one-statement append path tells beyond AppendResult (see appendStoredWith). */
export interface StoredAppend {
  transactionId: string;
  recordedAt: string[];
}

/** What appendIfAt did: wrote the events, or nothing because of a conflict. */
export type ConditionalAppend =
  | { written: { result: AppendResult; stored: StoredAppend } }
  /** `version`: the stream is not at the expected version; `event-id`: an event id is already stored. */
  | { conflict: 'version' | 'event-id' };

type EventPayload = Required<Pick<NewEvent, 'eventId' | 'type' | 'schemaVersion' | 'data' | 'metadata'>> & Pick<NewEvent, 'recordedAt'>;

function toPayload(events: NewEvent[]): EventPayload[] {
  return events.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: event.metadata ?? {},
    ...(event.recordedAt !== undefined ? { recordedAt: event.recordedAt } : {}),
  }));
}

/** A row the appending statements return. */
interface AppendedRow {
  global_position: string;
  stream_version: string;
  transaction_text: string;
  recorded_at: string;
}

function writtenFrom(streamId: string, rows: AppendedRow[]): ConditionalAppend {
  rows.sort((a, b) => Number(a.stream_version) - Number(b.stream_version));
  return {
    written: {
      result: {
        streamId,
        nextExpectedVersion: Number(rows[rows.length - 1].stream_version),
        globalPositions: rows.map((row) => BigInt(row.global_position)),
        duplicate: false,
      },
      stored: { transactionId: rows[0].transaction_text, recordedAt: rows.map((row) => row.recorded_at) },
    },
  };
}

/**
 * The PostgreSQL adapter of the event store's port (schema: event-store.migrations.ts). Besides the
 * port it offers what the PostgreSQL machinery built on it needs (the decider runner, group commit,
 * catch-up subscriptions): the same operations inside a caller's transaction, conditional appends,
 * the lookup of what command ids recorded.
 */
export class PostgresEventStore implements EventStreamReader, EventLogReader, EventAppender {
  constructor(
    private readonly pool: pg.Pool,
    private readonly upcasters = new UpcasterRegistry(),
  ) {}

  appendToStream(append: StreamAppend): Promise<AppendResult> {
    return this.appendWith(this.pool, append);
  }

  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return inTransaction(this.pool, (client) => this.appendAllWith(client, appends));
  }

  /** appendToStreams inside the caller's transaction. */
  async appendAllWith(client: Queryable, appends: StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const append of appends) results.push(await this.appendWith(client, append));
    return results;
  }

  /** appendToStream inside the caller's transaction. */
  async appendWith(db: Queryable, append: StreamAppend): Promise<AppendResult> {
    return (await this.appendStoredWith(db, append)).result;
  }

  /**
   * appendWith, also telling (`stored`) the appending transaction's id (as RecordedEvent's
   * transactionId) and each event's recordedAt as stored, when it wrote them in its one-statement
   * path (an exact or 'no_stream' expected version that held).
   */
  async appendStoredWith(db: Queryable, append: StreamAppend): Promise<{ result: AppendResult; stored?: StoredAppend }> {
    if (append.events.length === 0) {
      const version = await this.streamVersionWith(db, append.streamId);
      return { result: { streamId: append.streamId, nextExpectedVersion: version, globalPositions: [], duplicate: false } };
    }
    const payload = toPayload(append.events);
    try {
      const expected = expectedToSql(append.expectedVersion);
      if (expected >= 0 || expected === -2) {
        // The common case in one planned statement; if it wrote nothing (a retry, or a conflict),
        // es_append below says which.
        const attempt = await this.appendIfAtWith(db, append.streamId, append.streamType, Math.max(expected, 0), payload);
        if ('written' in attempt) return attempt.written;
      }
      const events = JSON.stringify(payload);
      const { rows } = await db.query<{ global_position: string; stream_version: string; duplicate: boolean }>({
        name: 'es_append',
        text: 'SELECT global_position, stream_version, duplicate FROM es_append($1, $2, $3, $4::jsonb)',
        values: [append.streamId, append.streamType, expected, events],
      });
      return {
        result: {
          streamId: append.streamId,
          nextExpectedVersion: Number(rows[rows.length - 1].stream_version),
          globalPositions: rows.map((row) => BigInt(row.global_position)),
          duplicate: rows[0].duplicate,
        },
      };
    } catch (error) {
      const dbError = error as pg.DatabaseError;
      const conflict = dbError.code === 'ESCON' || dbError.code === '23505';
      // A concurrent identical retry may have committed first; outside a transaction we can look
      // again and report its result, as a retry should get.
      if (conflict && db === this.pool) {
        const stored = await this.findDuplicate(append);
        if (stored) return { result: stored };
      }
      if (dbError.code === 'ESCON') {
        throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, Number(dbError.detail ?? 0));
      }
      if (dbError.code === '23505' && dbError.constraint !== 'es_events_event_id_key') {
        throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, -1);
      }
      if (dbError.code === 'ESIDC' || dbError.constraint === 'es_events_event_id_key')
        throw new EventIdConflictError(
          append.streamId,
          append.events.map((e) => e.eventId),
        );
      throw error;
    }
  }

  /**
   * The append in one statement, for writers that know the stream's version: writes the events if
   * and only if the stream is at `expectedVersion` (0: does not exist yet) and none of their ids is
   * taken, else writes nothing and says which. Outside a transaction a taken id costs nothing; inside
   * one, the unique violation aborts it (the error is thrown, as PostgreSQL leaves no choice).
   */
  appendIfAt(db: Queryable, streamId: string, streamType: string, expectedVersion: number, events: NewEvent[]): Promise<ConditionalAppend> {
    return this.appendIfAtWith(db, streamId, streamType, expectedVersion, toPayload(events));
  }

  private async appendIfAtWith(
    db: Queryable,
    streamId: string,
    streamType: string,
    expectedVersion: number,
    payload: EventPayload[],
  ): Promise<ConditionalAppend> {
    const events = JSON.stringify(payload);
    let rows: AppendedRow[];
    try {
      ({ rows } = await db.query(
        expectedVersion === 0
          ? { name: 'es_append_new', text: APPEND_NEW, values: [streamId, streamType, payload.length, events] }
          : { name: 'es_append_next', text: APPEND_NEXT, values: [streamId, expectedVersion, payload.length, events] },
      ));
    } catch (error) {
      if (db !== this.pool || (error as pg.DatabaseError).constraint !== 'es_events_event_id_key') throw error;
      return { conflict: 'event-id' };
    }
    return rows.length === 0 ? { conflict: 'version' } : writtenFrom(streamId, rows);
  }

  /**
   * appendIfAt for several existing streams (each at most once, expected version > 0) in one
   * statement, hence one transaction: a result per append, in order. A taken event id fails the
   * whole statement (thrown; nothing written): try the appends one by one to learn which.
   */
  async appendManyIfAt(db: Queryable, appends: Array<{ streamId: string; expectedVersion: number; events: NewEvent[] }>): Promise<ConditionalAppend[]> {
    const input = appends.map((append, idx) => {
      if (!(append.expectedVersion > 0)) throw new RangeError(`appendManyIfAt: expected version must be > 0, got ${append.expectedVersion}`);
      return { idx, stream_id: append.streamId, expected: append.expectedVersion, events: toPayload(append.events) };
    });
    const { rows } = await db.query<AppendedRow & { stream_id: string }>({
      name: 'es_append_many',
      text: APPEND_MANY,
      values: [JSON.stringify(input)],
    });
    const byStream = new Map<string, AppendedRow[]>();
    for (const row of rows) {
      const written = byStream.get(row.stream_id);
      if (written) written.push(row);
      else byStream.set(row.stream_id, [row]);
    }
    return appends.map((append): ConditionalAppend => {
      const written = byStream.get(append.streamId);
      return written === undefined ? { conflict: 'version' } : writtenFrom(append.streamId, written);
    });
  }

  private async findDuplicate(append: StreamAppend): Promise<AppendResult | undefined> {
    const ids = append.events.map((event) => event.eventId);
    const { rows } = await this.pool.query<{ global_position: string; stream_version: string }>(
      'SELECT global_position, stream_version FROM es_events WHERE event_id = ANY($1::uuid[]) AND stream_id = $2 ORDER BY stream_version',
      [ids, append.streamId],
    );
    if (rows.length !== ids.length) return undefined;
    return {
      streamId: append.streamId,
      nextExpectedVersion: Number(rows[rows.length - 1].stream_version),
      globalPositions: rows.map((row) => BigInt(row.global_position)),
      duplicate: true,
    };
  }

  /**
   * What each command id recorded in the stream (its events, whose ids eventIdFor derives from
   * it), in one lookup of their first events and one read from the earliest found on: absent when
   * nothing, a CommandIdReusedError when the id recorded another stream's events.
   */
  async findCommandEvents(db: Queryable, streamId: string, commandIds: Iterable<string>): Promise<Map<string, RecordedEvent[] | CommandIdReusedError>> {
    const found = new Map<string, RecordedEvent[] | CommandIdReusedError>();
    const byFirstId = new Map<string, string>();
    for (const commandId of commandIds) byFirstId.set(eventIdFor(commandId, 0), commandId);
    if (byFirstId.size === 0) return found;
    const { rows } = await db.query<{ event_id: string; stream_id: string; stream_version: string }>({
      name: 'es_find_commands',
      text: 'SELECT event_id, stream_id, stream_version FROM es_events WHERE event_id = ANY($1::uuid[])',
      values: [[...byFirstId.keys()]],
    });
    const starts: Array<{ commandId: string; version: number }> = [];
    for (const row of rows) {
      const commandId = byFirstId.get(row.event_id) as string;
      if (row.stream_id !== streamId) found.set(commandId, new CommandIdReusedError(commandId, 'another-stream'));
      else starts.push({ commandId, version: Number(row.stream_version) });
    }
    if (starts.length === 0) return found;
    starts.sort((a, b) => a.version - b.version);
    const events = await this.readStreamWith(db, streamId, { fromVersion: starts[0].version });
    const byVersion = new Map(events.map((event) => [event.streamVersion, event]));
    for (const { commandId, version } of starts) {
      const recorded: RecordedEvent[] = [];
      for (let event = byVersion.get(version); event?.eventId === eventIdFor(commandId, recorded.length); event = byVersion.get(event.streamVersion + 1)) {
        recorded.push(event);
      }
      found.set(commandId, recorded);
    }
    return found;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamWith(this.pool, streamId, options);
  }

  async readStreamWith(db: Queryable, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events
        WHERE stream_id = $1 AND stream_version >= $2 AND ($3::bigint IS NULL OR stream_version <= $3)
          AND ($4::timestamptz IS NULL OR stream_version < coalesce(
                (SELECT min(stream_version) FROM es_events WHERE stream_id = $1 AND recorded_at > $4), 'Infinity'::numeric))
        ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? null, options.recordedAtOrBefore ?? null],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  streamVersion(streamId: string, options: StreamVersionOptions = {}): Promise<number> {
    return this.streamVersionWith(this.pool, streamId, options);
  }

  async streamVersionWith(db: Queryable, streamId: string, options: StreamVersionOptions = {}): Promise<number> {
    if (options.recordedAtOrBefore === undefined) {
      const { rows } = await db.query<{ version: string }>('SELECT version FROM es_streams WHERE stream_id = $1', [streamId]);
      return rows.length === 0 ? 0 : Number(rows[0].version);
    }
    // The prefix readStream reads as recorded at the instant: up to the first event recorded after it.
    const { rows } = await db.query<{ version: string | null }>(
      `SELECT coalesce((SELECT min(stream_version) FROM es_events WHERE stream_id = $1 AND recorded_at > $2::timestamptz) - 1,
                       (SELECT version FROM es_streams WHERE stream_id = $1)) AS version`,
      [streamId, options.recordedAtOrBefore],
    );
    return Number(rows[0]?.version ?? 0);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllWith(this.pool, options);
  }

  async readAllWith(db: Queryable, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? { transactionId: '0', globalPosition: 0n };
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND ($4::text[] IS NULL OR event_type = ANY ($4::text[]))
          AND ($5::text[] IS NULL OR stream_id = ANY ($5::text[]))
        ORDER BY es_events.transaction_id, es_events.global_position
        LIMIT $3`,
      [
        after.transactionId,
        after.globalPosition.toString(),
        options.limit ?? 1000,
        options.eventTypes ? [...options.eventTypes] : null,
        options.streamIds ? [...options.streamIds] : null,
      ],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  /**
   * The events as reading them back after appending them at `firstVersion` on would give (data and
   * metadata as jsonb returns them, upcast), for a writer that evolves state from them before the
   * append. Each must carry its `recordedAt`; `globalPosition` and `transactionId` are left for the
   * caller to set from the append's result (`AppendResult.globalPositions` and `.stored`).
   */
  asStored(streamId: string, firstVersion: number, events: NewEvent[]): RecordedEvent[] {
    return events.map((event, index) => {
      if (event.recordedAt === undefined) throw new Error("asStored needs each event's recordedAt");
      const { schemaVersion, data } = this.upcasters.upcast(event.type, event.schemaVersion ?? 1, asJsonb(event.data));
      return {
        eventId: event.eventId,
        streamId,
        streamVersion: firstVersion + index,
        globalPosition: 0n,
        transactionId: '',
        type: event.type,
        schemaVersion,
        data,
        metadata: asJsonb(event.metadata ?? {}),
        recordedAt: event.recordedAt,
      };
    });
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.event_type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamVersion: Number(row.stream_version),
      globalPosition: BigInt(row.global_position),
      transactionId: row.transaction_text,
      type: row.event_type,
      schemaVersion,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }
}
