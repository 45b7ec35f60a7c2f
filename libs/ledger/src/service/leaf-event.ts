import type { RecordedEvent } from '#event-store';
import type { LeafEvent } from '../leaf/ledger-leaf.js';

/** An event as the log stores it (not upcast), in the leaf's shape. */
export function leafEventOf(event: RecordedEvent): LeafEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition.toString(),
    transactionId: event.transactionId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}
