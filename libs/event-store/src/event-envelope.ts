/** What a writer hands to the store: the store assigns positions and the recording instant. */
export interface NewEvent<TData = unknown> {
  /** Unique per event; appending an event whose id is already stored is a no-op (idempotent retry). */
  eventId: string;
  type: string;
  /** Version of `data`'s shape; older versions are upcast on read. Defaults to 1. */
  schemaVersion?: number;
  data: TData;
  metadata?: EventMetadata;
  /**
   * The instant to record (ISO-8601 UTC, at most microseconds); the database's clock at insert
   * when absent. For writers that evolve state from the event before it is stored (DeciderRunner).
   */
  recordedAt?: string;
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** The principal that caused the event: `role:subject`, e.g. `provider:fokus-folkeoplysning`. */
  actor?: string;
  [key: string]: unknown;
}

/** An event as stored. `globalPosition` and `transactionId` together order the whole log. */
export interface RecordedEvent<TData = unknown> {
  eventId: string;
  streamId: string;
  /** 1-based position within its stream. */
  streamVersion: number;
  /** Position in the whole log (assigned at insert; see LogPosition for the commit-safe order). */
  globalPosition: bigint;
  /** PostgreSQL transaction id (xid8) of the append, as a decimal string. */
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  /** UTC instant the event was recorded, ISO-8601 with microseconds (e.g. 2026-11-29T05:40:32.123456Z). */
  recordedAt: string;
}

/**
 * A point in the log in commit-safe order: (transaction id, global position). Readers that resume
 * after such a point never miss an event committed late by a concurrent transaction.
 */
export interface LogPosition {
  transactionId: string;
  globalPosition: bigint;
}

export const LOG_START: LogPosition = { transactionId: '0', globalPosition: 0n };

export function positionOf(event: RecordedEvent): LogPosition {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
