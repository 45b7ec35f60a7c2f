import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { LogPosition, RecordedEvent } from '../event-envelope.js';
import type { PostgresEventStore } from './postgres-event-store.js';

/**
 * Handles one batch inside the subscription's transaction. Effects written through `tx` commit
 * together with the checkpoint, so a crash leaves either both or neither: nothing is applied
 * twice and nothing is skipped.
 */
export type BatchHandler = (events: RecordedEvent[], tx: pg.PoolClient) => Promise<void>;

export interface CatchUpSubscriptionOptions {
  subscriptionId: string;
  handler: BatchHandler;
  batchSize?: number;
  /** How long to wait before polling again once caught up. */
  pollIntervalMs?: number;
  /**
   * The least time between the starts of two batches when nudged (default 25 ms): under a stream
   * of appends, each batch then takes what came meanwhile instead of one append's events, for a
   * read model at most that much later.
   */
  minNudgeIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface SubscriptionStatus {
  subscriptionId: string;
  checkpoint: LogPosition;
  running: boolean;
  lastError?: string;
}

/**
 * A catch-up subscription to the whole log with a durable checkpoint in `es_subscriptions`.
 * Several processes may run the same subscription: a batch holds the subscription's advisory lock,
 * so one handles a batch while the others skip that round.
 */
export class CatchUpSubscription {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly minNudgeIntervalMs: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastBatchAt = 0;
  private nudgeTimer?: NodeJS.Timeout;
  private checkpoint: LogPosition = { transactionId: '0', globalPosition: 0n };
  private lastError?: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly options: CatchUpSubscriptionOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.minNudgeIntervalMs = options.minNudgeIntervalMs ?? 25;
  }

  get id(): string {
    return this.options.subscriptionId;
  }

  /** Creates the checkpoint row at the log's start unless it exists. */
  async register(): Promise<void> {
    await this.pool.query('INSERT INTO es_subscriptions (subscription_id) VALUES ($1) ON CONFLICT DO NOTHING', [this.id]);
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.register();
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the current batch finish (its checkpoint is then saved) and stops polling. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.nudgeTimer);
    this.nudgeTimer = undefined;
    this.wake?.();
    await this.loop;
  }

  /** Polls at once instead of waiting for the interval (e.g. after this process appended). */
  nudge(): void {
    if (this.nudgeTimer !== undefined) return;
    const wait = this.lastBatchAt + this.minNudgeIntervalMs - performance.now();
    if (wait <= 0) {
      this.wake?.();
      return;
    }
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      this.wake?.();
    }, wait);
  }

  status(): SubscriptionStatus {
    return { subscriptionId: this.id, checkpoint: this.checkpoint, running: this.running, lastError: this.lastError };
  }

  /**
   * Handles batches until what is visible now is drained. Returns the number of events handled.
   * "Visible" excludes transactions still running anywhere in the cluster (even an ANALYZE), so
   * this can stop short; use `catchUpToHead` to wait for everything committed before the call.
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.handleOneBatch();
      if (handled === undefined) return total;
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  /**
   * Handles batches until every event committed before this call has been handled (tests, the
   * CLI, and reads that must see their own writes). Gives up after `timeoutMs`.
   */
  async catchUpToHead(timeoutMs = 10_000): Promise<void> {
    const { rows } = await this.pool.query<{ head: string | null }>('SELECT max(global_position) AS head FROM es_events');
    const head = rows[0].head ?? '0';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.catchUp();
      const pending = await this.pool.query(
        `SELECT 1 FROM es_events e, es_subscriptions s
          WHERE s.subscription_id = $1 AND e.global_position <= $2
            AND (e.transaction_id, e.global_position) > (s.transaction_id, s.global_position) LIMIT 1`,
        [this.id, head],
      );
      if (pending.rowCount === 0) return;
      if (Date.now() > deadline) throw new Error(`subscription ${this.id} did not reach position ${head} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** One batch in one transaction. Undefined when another process holds this subscription now. */
  async handleOneBatch(): Promise<number | undefined> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection killed under us also emits 'error' on the client; the failing query reports it.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      // An advisory lock, not a row lock: a row lock would give this transaction an xid at once,
      // and every catch-up reader (this one's peers, the payment feed) waits for the oldest open
      // xid. This transaction takes one only when it first writes, near its end.
      const { rows: locked } = await client.query<{ ours: boolean }>({
        name: 'es_subscription_lock',
        text: `SELECT pg_try_advisory_xact_lock(hashtextextended('es_subscription:' || $1, 0)) AS ours`,
        values: [this.id],
      });
      if (!locked[0].ours) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const { rows } = await client.query<{ transaction_id: string; global_position: string }>(
        'SELECT transaction_id::text AS transaction_id, global_position FROM es_subscriptions WHERE subscription_id = $1',
        [this.id],
      );
      if (rows.length === 0) throw new Error(`subscription ${this.id} is not registered`);
      const after = { transactionId: rows[0].transaction_id, globalPosition: BigInt(rows[0].global_position) };
      const events = await this.store.readAllWith(client, { after, limit: this.batchSize });
      if (events.length > 0) {
        await this.options.handler(events, client);
        const last = events[events.length - 1];
        await client.query(
          `UPDATE es_subscriptions SET transaction_id = $2::xid8, global_position = $3, updated_at = now()
            WHERE subscription_id = $1`,
          [this.id, last.transactionId, last.globalPosition.toString()],
        );
      }
      await client.query('COMMIT');
      this.checkpoint =
        events.length > 0 ? { transactionId: events[events.length - 1].transactionId, globalPosition: events[events.length - 1].globalPosition } : after;
      return events.length;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-batch may be dead; destroy it rather than return it to the pool.
      client.off('error', ignore);
      client.release(broken);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let drained = true;
      try {
        this.lastBatchAt = performance.now();
        const handled = await this.handleOneBatch();
        drained = handled === undefined || handled < this.batchSize;
        this.lastError = undefined;
      } catch (error) {
        this.lastError = (error as Error).message;
        this.options.onError?.(error);
      }
      if (drained && this.running) await this.sleep(this.lastError ? this.pollIntervalMs * 5 : this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
