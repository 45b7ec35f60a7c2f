import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { ServiceModule } from './service.module.js';

/**
 * The service's modules without HTTP and without running subscriptions, beside a running service
 * or instead of it: for one CLI command, or the demo's tokens and audit. Migrations are applied on
 * init like in the service. `env`: the configuration's variables.
 */
export function openServiceContext(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  const config = loadConfig({ ...env, RUN_PROJECTIONS: 'false' });
  return NestFactory.createApplicationContext(ServiceModule.forRoot(config), { logger: ['error', 'warn'] });
}
