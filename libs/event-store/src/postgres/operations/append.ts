import type pg from 'pg';
import type { Queryable } from '#database';
import { EventIdConflictError, WrongExpectedVersionError } from '../../event-store.errors.js';
import type { AppendResult, StreamAppend } from '../../event-store.port.js';
import type { ExpectedVersion } from '../../expected-version.js';
import { findRetriedAppend } from './command-lookup.js';
import { appendIfAt, type StoredAppend, toPayload } from './conditional-append.js';
import { readStreamVersion } from './stream-version.js';

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

/**
 * Appends to one stream through `db` (`pool`, or a connection in the caller's transaction), after
 * checking its expected version; a retry (every event id already stored in the stream) is answered
 * with the first result. Also tells (`stored`) the appending transaction's id (as RecordedEvent's
 * transactionId) and each event's recordedAt as stored, when it wrote them in its one-statement
 * path (an exact or 'no_stream' expected version that held).
 */
export async function appendToStream(db: Queryable, pool: pg.Pool, append: StreamAppend): Promise<{ result: AppendResult; stored?: StoredAppend }> {
  if (append.events.length === 0) {
    const version = await readStreamVersion(db, append.streamId);
    return { result: { streamId: append.streamId, nextExpectedVersion: version, globalPositions: [], duplicate: false } };
  }
  const payload = toPayload(append.events);
  try {
    const expected = expectedToSql(append.expectedVersion);
    if (expected >= 0 || expected === -2) {
      // The common case in one planned statement; if it wrote nothing (a retry, or a conflict),
      // es_append below says which.
      const attempt = await appendIfAt(db, pool, append.streamId, append.streamType, Math.max(expected, 0), payload);
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
    if (conflict && db === pool) {
      const stored = await findRetriedAppend(pool, append);
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
