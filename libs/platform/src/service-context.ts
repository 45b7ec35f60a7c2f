import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { ServiceModule } from './service.module.js';

/**
 * The service's modules without HTTP and without running subscriptions, beside a running service
 * or instead of it: for one CLI command, or the demo's tokens and audit. Migrations are applied on
 * init like in the service; no metrics port is opened. `env`: the configuration's variables.
 */
export function openServiceContext(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  // A CLI run beside the service must not take (or fight for) the service's metrics port.
  const { METRICS_PORT: _serviceOnly, ...commandEnv } = env;
  const config = loadConfig({ ...commandEnv, RUN_PROJECTIONS: 'false' });
  return NestFactory.createApplicationContext(ServiceModule.forRoot(config), { logger: ['error', 'warn'] });
}
