import type pg from 'pg';
import type { Queryable } from '#database';
import type { NewEvent } from '../../event-envelope.js';
import type { AppendResult } from '../../event-store.port.js';
import { RECORDED_AT_TEXT } from './event-row.js';
import type { ProjectedValue } from './projected-value.js';

const INSERT_EVENTS = `INSERT INTO es_events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
  SELECT (e->>'eventId')::uuid, $1, s.base + ord, e->>'type', coalesce((e->>'schemaVersion')::integer, 1),
         e->'data', coalesce(e->'metadata', '{}'::jsonb), coalesce((e->>'recordedAt')::timestamptz, clock_timestamp())
    FROM s, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
  RETURNING global_position, stream_version, transaction_id::text AS transaction_text,
    to_char(recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at`;
const APPEND_NEW = `WITH s AS (INSERT INTO es_streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
  ON CONFLICT (stream_id) DO NOTHING RETURNING 0::bigint AS base) ${INSERT_EVENTS}`;
const NEXT_BASE = `s AS (UPDATE es_streams SET version = es_streams.version + $3, updated_at = now()
  WHERE stream_id = $1 AND es_streams.version = $2 RETURNING es_streams.version - $3 AS base)`;
const APPEND_NEXT = `WITH ${NEXT_BASE} ${INSERT_EVENTS}`;
// The same, writing a projection's value at the version appended on (ProjectedValue) if and only if the events are written.
const APPEND_NEXT_PROJECTED = `WITH ${NEXT_BASE}, p AS (INSERT INTO es_stream_projections (stream_id, projection, stream_version, value, previous_version)
  SELECT $1, $5, s.base, $6, $7::bigint FROM s ON CONFLICT DO NOTHING) ${INSERT_EVENTS}`;

// Several streams' conditional appends in one statement (AppendBatcher): each stream's events are
// written only if it is at its expected version; the others are left out of the insert (and so
// are their projections' values).
const APPEND_MANY = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(idx integer, stream_id text, expected bigint, events jsonb, projection text, value text, previous bigint)
  ), s AS (
    UPDATE es_streams SET version = es_streams.version + jsonb_array_length(input.events), updated_at = now()
      FROM input
     WHERE es_streams.stream_id = input.stream_id AND es_streams.version = input.expected
    RETURNING input.idx, es_streams.stream_id, input.expected AS base, input.events, input.projection, input.value, input.previous
  ), p AS (
    INSERT INTO es_stream_projections (stream_id, projection, stream_version, value, previous_version)
    SELECT s.stream_id, s.projection, s.base, decode(s.value, 'base64'), s.previous FROM s WHERE s.projection IS NOT NULL ON CONFLICT DO NOTHING
  )
  INSERT INTO es_events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
  SELECT (e->>'eventId')::uuid, s.stream_id, s.base + ord, e->>'type', coalesce((e->>'schemaVersion')::integer, 1),
         e->'data', coalesce(e->'metadata', '{}'::jsonb), coalesce((e->>'recordedAt')::timestamptz, clock_timestamp())
    FROM s, jsonb_array_elements(s.events) WITH ORDINALITY AS t(e, ord) ORDER BY s.idx, ord
  RETURNING stream_id, global_position, stream_version, transaction_id::text AS transaction_text,
    to_char(recorded_at AT TIME ZONE 'UTC', ${RECORDED_AT_TEXT}) AS recorded_at`;

/** What the one-statement append path tells beyond AppendResult (see PostgresEventStore.appendStoredWith). */
export interface StoredAppend {
  transactionId: string;
  recordedAt: string[];
}

/** What appendIfAt did: wrote the events, or nothing because of a conflict. */
export type ConditionalAppend =
  | { written: { result: AppendResult; stored: StoredAppend } }
  /** `version`: the stream is not at the expected version; `event-id`: an event id is already stored. */
  | { conflict: 'version' | 'event-id' };

/** An event as the appending statements take it, in a jsonb array. */
export type EventPayload = Required<Pick<NewEvent, 'eventId' | 'type' | 'schemaVersion' | 'data' | 'metadata'>> & Pick<NewEvent, 'recordedAt'>;

export function toPayload(events: NewEvent[]): EventPayload[] {
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
 * The append in one statement, for writers that know the stream's version: writes the events if
 * and only if the stream is at `expectedVersion` (0: does not exist yet) and none of their ids is
 * taken, else writes nothing and says which; with `projected`, the projection's value at
 * `expectedVersion` too (not for a new stream: there is no version 0 to project). Outside a transaction (`db` is `pool`) a taken id costs
 * nothing; inside one, the unique violation aborts it (the error is thrown, as PostgreSQL leaves no choice).
 */
export async function appendIfAt(
  db: Queryable,
  pool: pg.Pool,
  streamId: string,
  streamType: string,
  expectedVersion: number,
  payload: EventPayload[],
  projected?: ProjectedValue,
): Promise<ConditionalAppend> {
  const events = JSON.stringify(payload);
  let rows: AppendedRow[];
  try {
    ({ rows } = await db.query(
      expectedVersion === 0
        ? { name: 'es_append_new', text: APPEND_NEW, values: [streamId, streamType, payload.length, events] }
        : projected === undefined
          ? { name: 'es_append_next', text: APPEND_NEXT, values: [streamId, expectedVersion, payload.length, events] }
          : {
              name: 'es_append_next_projected',
              text: APPEND_NEXT_PROJECTED,
              values: [streamId, expectedVersion, payload.length, events, projected.projection, projected.value, projected.previousVersion],
            },
    ));
  } catch (error) {
    if (db !== pool || (error as pg.DatabaseError).constraint !== 'es_events_event_id_key') throw error;
    return { conflict: 'event-id' };
  }
  return rows.length === 0 ? { conflict: 'version' } : writtenFrom(streamId, rows);
}

/**
 * appendIfAt for several existing streams (each at most once, expected version > 0) in one
 * statement, hence one transaction: a result per append, in order. A taken event id fails the
 * whole statement (thrown; nothing written): try the appends one by one to learn which.
 */
export async function appendManyIfAt(
  db: Queryable,
  appends: Array<{ streamId: string; expectedVersion: number; events: NewEvent[]; projected?: ProjectedValue }>,
): Promise<ConditionalAppend[]> {
  const input = appends.map((append, idx) => {
    if (!(append.expectedVersion > 0)) throw new RangeError(`appendManyIfAt: expected version must be > 0, got ${append.expectedVersion}`);
    const projected =
      append.projected === undefined
        ? {}
        : {
            projection: append.projected.projection,
            value: append.projected.value.toString('base64'),
            previous: append.projected.previousVersion,
          };
    return { idx, stream_id: append.streamId, expected: append.expectedVersion, events: toPayload(append.events), ...projected };
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
