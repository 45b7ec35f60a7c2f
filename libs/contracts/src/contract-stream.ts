import type { RecordedEvent } from '#event-store';
import type { RecordedContractEvent } from '#domain';

export function toContractEvent(event: RecordedEvent): RecordedContractEvent {
  return { type: event.type, data: event.data, streamPosition: event.streamVersion, recordedAt: event.recordedAt } as RecordedContractEvent;
}
