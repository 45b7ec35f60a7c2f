import type pg from 'pg';
import type { Queryable } from '#database';
import { eventIdFor } from '../../command-id.js';
import type { RecordedEvent } from '../../event-envelope.js';
import { CommandIdReusedError } from '../../event-store.errors.js';
import type { AppendResult, StreamAppend } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { readStream } from './read-stream.js';

// The lookups that make appends idempotent: by event id, the ids a retry carries again.

/** The result a retried append gets: every one of its event ids already stored in its stream (else undefined). */
export async function findRetriedAppend(pool: pg.Pool, append: StreamAppend): Promise<AppendResult | undefined> {
  const ids = append.events.map((event) => event.eventId);
  const { rows } = await pool.query<{ global_position: string; stream_version: string }>(
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
export async function findCommandEvents(
  db: Queryable,
  upcasters: UpcasterRegistry,
  streamId: string,
  commandIds: Iterable<string>,
): Promise<Map<string, RecordedEvent[] | CommandIdReusedError>> {
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
  const events = await readStream(db, upcasters, streamId, { fromVersion: starts[0].version });
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
