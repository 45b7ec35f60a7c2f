import 'reflect-metadata';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '#config';
import type { ServiceHost } from '#platform';
import { QuietStartupLogger, ROOT_LOGGER, type RootLogger } from '#observability';
import { AppModule } from './app.module.js';
import { DeclaredInputsGuard } from './common/declared-inputs.guard.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { HeavyReadLimit } from './common/heavy-read.limit.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { RequestInputPipe } from './common/request-input.pipe.js';
import { requestValidationPipe } from './common/validation.pipe.js';
import { configureHttp, httpAdapter } from './http-server.js';
import { serveOpenApi } from './openapi.js';

/** Builds the HTTP application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createApp(config: AppConfig, host: ServiceHost = {}): Promise<NestFastifyApplication> {
  // No body parsers of Nest's own (it would take form bodies): configureHttp registers ours.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, host), httpAdapter(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  configureHttp(app);
  // After AuthGuard (an APP_GUARD, registered while the app was created).
  app.useGlobalGuards(new DeclaredInputsGuard());
  app.useGlobalPipes(new RequestInputPipe(), requestValidationPipe());
  app.useGlobalInterceptors(new HeavyReadLimit(app.get(Reflector), config.HEAVY_READS_PER_PRINCIPAL));
  // Nest tries the filter given last first: the domain's refusals, then everything else.
  app.useGlobalFilters(new HttpErrorFilter(app.get<RootLogger>(ROOT_LOGGER)), new DomainErrorFilter());
  serveOpenApi(app);
  return app;
}
