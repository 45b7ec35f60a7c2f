import type pg from 'pg';
import type { Queryable } from '#database';
import { eventIdFor } from '../../command-id.js';
import type { RecordedEvent } from '../../event-envelope.js';
import { CommandIdReusedError } from '../../event-store.errors.js';
import type { AppendResult, StreamAppend } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { readStreamVersions } from './read-stream-versions.js';

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

/** How many versions after each command's first event one read takes: most commands record a few events. */
const WINDOW = 16;

/**
 * What each command id recorded in the stream (its events, whose ids eventIdFor derives from
 * it): one lookup of their first events, then reads of a few versions from each on, further only
 * for a command whose events go on (a retry costs what the command recorded, not the length of
 * the stream after it). Absent when nothing; a CommandIdReusedError when the id recorded another
 * stream's events.
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
  let reading: Array<{ commandId: string; next: number; recorded: RecordedEvent[] }> = [];
  for (const row of rows) {
    const commandId = byFirstId.get(row.event_id) as string;
    if (row.stream_id !== streamId) found.set(commandId, new CommandIdReusedError(commandId, 'another-stream'));
    else reading.push({ commandId, next: Number(row.stream_version), recorded: [] });
  }
  while (reading.length > 0) {
    const versions = new Set(reading.flatMap(({ next }) => Array.from({ length: WINDOW }, (_, i) => next + i)));
    const events = await readStreamVersions(db, upcasters, streamId, [...versions]);
    const byVersion = new Map(events.map((event) => [event.streamVersion, event]));
    const goingOn: typeof reading = [];
    for (const command of reading) {
      const end = command.next + WINDOW;
      let version = command.next;
      for (let event = byVersion.get(version); version < end && event?.eventId === eventIdFor(command.commandId, command.recorded.length);) {
        command.recorded.push(event);
        event = byVersion.get(++version);
      }
      if (version === end) goingOn.push({ ...command, next: end });
      else found.set(command.commandId, command.recorded);
    }
    reading = goingOn;
  }
  return found;
}
