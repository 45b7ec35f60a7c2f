import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import { AppConfig } from '#config';

/** Where log lines go: stdout unless given (tests read them to prove no personal data is logged). */
export interface LogDestination {
  write(line: string): unknown;
}

/** The process's one pino logger: Nest's own lines and one line per HTTP request (request-log.ts). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export type RootLogger = Logger;

@Module({})
class RootLoggerModule {
  static forRoot(destination?: LogDestination): DynamicModule {
    return {
      module: RootLoggerModule,
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [AppConfig],
          useFactory: (config: AppConfig): RootLogger => (destination ? pino({ level: config.LOG_LEVEL }, destination) : pino({ level: config.LOG_LEVEL })),
        },
      ],
      exports: [ROOT_LOGGER],
    };
  }
}

/**
 * Structured JSON logs (pino), one line per event. Nest logs through nestjs-pino; HTTP requests
 * are logged by a Fastify hook (logRequests), not by nestjs-pino's pino-http middleware, whose
 * per-request child loggers and async context cost the API ~10% of its CPU per request. Request
 * bodies, query strings and headers are never logged: they may carry personal data.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: LogDestination): DynamicModule {
    const root = RootLoggerModule.forRoot(destination);
    return {
      module: LoggingModule,
      global: true,
      imports: [
        root,
        LoggerModule.forRootAsync({
          imports: [root],
          inject: [ROOT_LOGGER],
          // No routes: nestjs-pino only carries Nest's lines to the root logger.
          useFactory: (logger: RootLogger) => ({ pinoHttp: { logger }, forRoutes: [] }),
        }),
      ],
      exports: [root],
    };
  }
}
