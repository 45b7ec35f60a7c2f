import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { type ServiceHost, ServiceModule } from './service.module.js';

/**
 * The service's modules without HTTP and without running subscriptions, beside a running service
 * or instead of it: for one CLI command, or the demo's tokens and audit. Migrations are applied on
 * init like in the service, and it logs as the service does (pino JSON lines, at LOG_LEVEL); no
 * metrics port is opened. `env`: the configuration's variables. A failure to open is thrown (not
 * Nest's abort), so that the caller can say it in one line.
 */
export async function openServiceContext(env: NodeJS.ProcessEnv, host: ServiceHost = {}): Promise<INestApplicationContext> {
  // A CLI run beside the service must not take (or fight for) the service's metrics port.
  const { METRICS_PORT: _serviceOnly, ...commandEnv } = env;
  const config = loadConfig({ ...commandEnv, RUN_PROJECTIONS: 'false' });
  // Logs wait for the service's logger; on a failure to open they are dropped, not printed in Nest's own format.
  const app = await NestFactory.createApplicationContext(ServiceModule.forRoot(config, host), { bufferLogs: true, autoFlushLogs: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  return app;
}
