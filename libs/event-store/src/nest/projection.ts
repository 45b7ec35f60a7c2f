import type pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';

/**
 * A read model or process manager fed by a catch-up subscription of its own. `handle` runs in the
 * subscription's transaction: write effects through `tx` so they commit with the checkpoint.
 */
export interface Projection {
  /** Stable name; also the subscription id that keeps its checkpoint. Renaming it rebuilds it from the start. */
  readonly name: string;
  handle(events: RecordedEvent[], tx: pg.PoolClient): Promise<void>;
  /** True: `handle` gets the events exactly as stored, not upcast (the ledger hashes what the log holds). */
  readonly eventsAsStored?: boolean;
  /** Most events per batch (the subscription's default when absent). */
  readonly batchSize?: number;
}

/** Injection token for the list of projections the application runs. */
export const PROJECTIONS = Symbol('PROJECTIONS');
