import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig, readEnvFile } from '#config';
import { closeOnSignals, QuietStartupLogger } from '#observability';
import { ServiceModule } from '#platform';

/**
 * The worker: the service without HTTP, running the projections (read models, process managers)
 * in a process of its own (the API runs them too unless RUN_PROJECTIONS=false;
 * both at once is safe: each batch is taken by one process only).
 */
async function main(): Promise<void> {
  readEnvFile();
  const config = loadConfig({ ...process.env, RUN_PROJECTIONS: 'true' });
  const app = await NestFactory.createApplicationContext(ServiceModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(new QuietStartupLogger(logger));
  closeOnSignals(app, (message) => logger.log(message));
  await app.init();
  logger.log('worker running');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
