import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '#config';
import { Database } from '#database';
import { SubscriptionsHost } from '#event-store';
import { LEDGER_SEQUENCER } from '#ledger/service/index.js';
import { Metrics, MetricsServer, ROOT_LOGGER, type RootLogger } from '#observability';

/**
 * The metrics read at scrape time (the pool's connections, each subscription's lag and the ledger
 * sequencer's), and the metrics port when METRICS_PORT is set (the API and the worker; the CLI
 * never serves one). Lag is asked on the health probe's connection, not behind the pool's work,
 * and a database that does not answer leaves the lag gauges empty rather than failing the scrape.
 */
@Injectable()
export class ServiceMetrics implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly server: MetricsServer;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly subscriptions: SubscriptionsHost,
    @Inject(ROOT_LOGGER) private readonly logger: RootLogger,
  ) {
    this.server = new MetricsServer(metrics, (error) => this.logger.error({ err: error }, 'metrics: a scrape failed'));
  }

  onModuleInit(): void {
    const pool = this.database.pool;
    this.metrics.gaugeReadAtScrape(
      'outcomes_db_pool_connections',
      'Connections of the database pool, by state: total (open), idle, and waiting (requests waiting for one)',
      ['state'],
      (gauge) => {
        gauge.set({ state: 'total' }, pool.totalCount);
        gauge.set({ state: 'idle' }, pool.idleCount);
        gauge.set({ state: 'waiting' }, pool.waitingCount);
      },
    );
    this.metrics.gaugeReadAtScrape('outcomes_db_pool_max_connections', 'The pool’s size (DB_POOL_SIZE)', [], (gauge) => gauge.set(this.config.DB_POOL_SIZE));
    let lag: Promise<Map<string, number> | undefined> | undefined;
    // Both lag gauges are read in one scrape: one query answers them.
    const readLag = (): Promise<Map<string, number> | undefined> => {
      lag ??= this.lagBySubscription().finally(() => setImmediate(() => (lag = undefined)));
      return lag;
    };
    this.metrics.gaugeReadAtScrape(
      'outcomes_subscription_lag_events',
      'Events in the log after each catch-up subscription’s checkpoint',
      ['subscription'],
      async (gauge) => {
        const bySubscription = await readLag();
        gauge.reset();
        for (const [subscription, behind] of bySubscription ?? []) gauge.set({ subscription }, behind);
      },
    );
    this.metrics.gaugeReadAtScrape(
      'outcomes_ledger_sequencer_lag_events',
      'Events in the log not yet sequenced into the verifiable ledger',
      [],
      async (gauge) => {
        const behind = (await readLag())?.get(LEDGER_SEQUENCER);
        gauge.reset();
        if (behind !== undefined) gauge.set(behind);
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    this.metrics.collectProcessMetrics();
    const address = await this.server.listen(this.config.METRICS_PORT, this.config.METRICS_HOST);
    this.logger.info(`metrics on http://${address.address}:${address.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }

  private async lagBySubscription(): Promise<Map<string, number> | undefined> {
    try {
      const health = await this.subscriptions.health(this.database.probe);
      return new Map(health.map((s) => [s.subscriptionId, s.behind]));
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics: the subscriptions’ lag could not be read');
      return undefined;
    }
  }
}
