import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../../libs/config/src/index.js';
import type { LogDestination } from '../../../libs/observability/src/index.js';
import { AppModule } from './app.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { requestValidationPipe } from './common/validation.pipe.js';
import { configureHttp, httpAdapter } from './http-server.js';
import { serveOpenApi } from './openapi.js';

/** Builds the HTTP application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createApp(config: AppConfig, options: { logDestination?: LogDestination } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.logDestination), httpAdapter(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  app.useGlobalPipes(requestValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  serveOpenApi(app);
  return app;
}
