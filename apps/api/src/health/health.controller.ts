import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '#auth';
import { AppConfig } from '#config';
import { Database } from '#database';
import { SchemaMigrator, SubscriptionsHost } from '#event-store';
import { ROOT_LOGGER, type RootLogger } from '#observability';

/**
 * `/health`: the database and each subscription, 503 when the database does not answer.
 * `/health/live`: the process answers (a liveness probe: restart it when this fails).
 * `/health/ready`: the database answers, every migration this process knows is recorded, and no
 * subscription is more than READY_MAX_SUBSCRIPTION_LAG events behind the log (a readiness probe:
 * send no traffic while this fails). Each asks on a connection of its own (Database.probe), not
 * behind the requests that keep the pool busy. The routes are public, so why the database is
 * down, or why a projection fails, goes to the log, not to the caller: the driver's messages
 * name hosts, roles, databases and tables.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly subscriptions: SubscriptionsHost,
    private readonly migrator: SchemaMigrator,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: RootLogger,
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<object> {
    try {
      const started = process.hrtime.bigint();
      await this.database.probe.query('SELECT 1');
      const databaseMs = Number(process.hrtime.bigint() - started) / 1e6;
      const subscriptions = await this.subscriptions.health(this.database.probe);
      return {
        status: 'ok',
        database: { status: 'up', latencyMs: Math.round(databaseMs * 100) / 100 },
        subscriptions: subscriptions.map((s) => ({
          name: s.subscriptionId,
          running: s.running,
          behind: s.behind,
          failing: s.lastError !== undefined,
        })),
      };
    } catch (error) {
      this.logger.error({ err: error }, 'health check: the database did not answer');
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', database: { status: 'down' } };
    }
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers (it asks nothing of the database)' })
  live(): object {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, the migrations are done and no subscription lags beyond the limit; else 503' })
  async ready(@Res({ passthrough: true }) response: FastifyReply): Promise<object> {
    let answer: { ready: boolean; body: object };
    try {
      answer = await this.readiness();
    } catch (error) {
      this.logger.error({ err: error }, 'readiness: the database did not answer');
      answer = { ready: false, body: { database: { status: 'down' } } };
    }
    if (!answer.ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: answer.ready ? 'ready' : 'not-ready', ...answer.body };
  }

  private async readiness(): Promise<{ ready: boolean; body: object }> {
    const pending = await this.migrator.pending(this.database.probe);
    const limit = this.config.READY_MAX_SUBSCRIPTION_LAG;
    const behind = Math.max(0, ...(await this.subscriptions.health(this.database.probe)).map((s) => s.behind));
    const lagging = limit > 0 && behind > limit;
    return {
      ready: pending.length === 0 && !lagging,
      body: {
        database: { status: 'up' },
        migrations: { status: pending.length === 0 ? 'done' : 'pending', pending: pending.length },
        subscriptions: { status: lagging ? 'lagging' : 'ok', mostBehind: behind, limit },
      },
    };
  }
}
