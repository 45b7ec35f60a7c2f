import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '#auth';
import { Database } from '#database';
import { SubscriptionsHost } from '#event-store';
import { ROOT_LOGGER, type RootLogger } from '#observability';

/**
 * Liveness and readiness in one: 200 when the database answers, 503 when it does not. It asks on
 * a connection of its own (Database.probe), not behind the requests that keep the pool busy.
 * The route is public, so why the database is down, or why a projection fails, goes to the log,
 * not to the caller: the driver's messages name hosts, roles, databases and tables.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly subscriptions: SubscriptionsHost,
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
}
