import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { WorkerModule } from '../../worker/src/worker.module.js';

/**
 * The service's modules without HTTP and without running subscriptions, for one CLI command.
 * Migrations are applied on init like in the service.
 */
export async function withCliContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, RUN_PROJECTIONS: 'false' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
