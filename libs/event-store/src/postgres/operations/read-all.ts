import type { Queryable } from '#database';
import type { RecordedEvent } from '../../event-envelope.js';
import type { ReadAllOptions } from '../../event-store.port.js';
import type { UpcasterRegistry } from '../../upcaster.registry.js';
import { eventColumns, type EventRow, recordedEventOf } from './event-row.js';

// Commit-safe order: (transaction id, global position), and only transactions older than every
// one still running, so that no event can later commit before the last one returned.
const READ_ALL = `SELECT ${eventColumns()} FROM es_events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND ($4::text[] IS NULL OR event_type = ANY ($4::text[]))
          AND ($5::text[] IS NULL OR stream_id = ANY ($5::text[]))
        ORDER BY es_events.transaction_id, es_events.global_position
        LIMIT $3`;

/** The log after a position in commit-safe order, filtered by type and stream before the limit. */
export async function readAll(db: Queryable, upcasters: UpcasterRegistry, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
  const after = options.after ?? { transactionId: '0', globalPosition: 0n };
  const { rows } = await db.query<EventRow>(READ_ALL, [
    after.transactionId,
    after.globalPosition.toString(),
    options.limit ?? 1000,
    options.eventTypes ? [...options.eventTypes] : null,
    options.streamIds ? [...options.streamIds] : null,
  ]);
  return rows.map((row) => recordedEventOf(row, upcasters));
}
