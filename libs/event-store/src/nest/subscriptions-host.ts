import { type BeforeApplicationShutdown, Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import type { Queryable } from '#database';
import { CatchUpSubscription, type SubscriptionStatus } from '../postgres/catch-up-subscription.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { PROJECTIONS, type Projection } from './projection.js';

export interface SubscriptionHealth extends SubscriptionStatus {
  /** Events in the log after the checkpoint (by global position; an upper bound). */
  behind: number;
}

export interface SubscriptionsOptions {
  /** Whether this process runs the subscriptions (the API may leave them to the worker). */
  run: boolean;
  /** How often a caught-up subscription polls the log. */
  pollIntervalMs: number;
}

/** Runs one catch-up subscription per projection; stops them (checkpoints saved) on shutdown. */
export class SubscriptionsHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  readonly subscriptions: CatchUpSubscription[];

  constructor(
    private readonly pool: pg.Pool,
    store: PostgresEventStore,
    private readonly options: SubscriptionsOptions,
    @Inject(PROJECTIONS) projections: Projection[],
  ) {
    const asStored = new PostgresEventStore(pool);
    this.subscriptions = projections.map(
      (projection) =>
        new CatchUpSubscription(pool, projection.eventsAsStored ? asStored : store, {
          subscriptionId: projection.name,
          handler: (events, tx) => projection.handle(events, tx),
          ...(projection.batchSize ? { batchSize: projection.batchSize } : {}),
          pollIntervalMs: options.pollIntervalMs,
          onError: (error) => this.logger.error(`${projection.name}: ${(error as Error).message}`),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.run) return;
    for (const subscription of this.subscriptions) await subscription.start();
    this.logger.log(`running: ${this.subscriptions.map((s) => s.id).join(', ') || 'none'}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
  }

  /** Poll now rather than at the next interval: this process has just appended. */
  nudge(): void {
    for (const subscription of this.subscriptions) subscription.nudge();
  }

  /** Drains every subscription now (tests, CLI, and reads that must see their own writes). */
  async catchUpAll(): Promise<void> {
    for (const subscription of this.subscriptions) {
      await subscription.register();
      await subscription.catchUpToHead();
    }
  }

  /** Each subscription's state and how far it is behind the log (`db`: where to ask, the pool by default). */
  async health(db: Queryable = this.pool): Promise<SubscriptionHealth[]> {
    const { rows } = await db.query<{ subscription_id: string; behind: string }>(
      `SELECT s.subscription_id, greatest(coalesce((SELECT max(global_position) FROM es_events), 0) - s.global_position, 0) AS behind
         FROM es_subscriptions s`,
    );
    const behind = new Map(rows.map((row) => [row.subscription_id, Number(row.behind)]));
    return this.subscriptions.map((subscription) => ({ ...subscription.status(), behind: behind.get(subscription.id) ?? 0 }));
  }
}
