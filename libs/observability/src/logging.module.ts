import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/src/index.js';
import { requestCorrelationId } from './correlation-id.js';

/** Where log lines go: stdout unless given (tests read them to prove no personal data is logged). */
export interface LogDestination {
  write(line: string): unknown;
}

// Anything shaped like a CPR number (DDMMYY-SSSS) in a logged URL is masked: a caller may put one
// in a path by mistake, and a CPR number must never reach a log line (DOMAIN.md §9).
const CPR_SHAPED = /\d{6}-?\d{4}/g;

export function maskCprShaped(text: string): string {
  return text.replace(CPR_SHAPED, '[masked]');
}

function httpLogOptions(config: AppConfig): Options {
  return {
    level: config.LOG_LEVEL,
    genReqId: requestCorrelationId,
    customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: maskCprShaped(req.url?.split('?')[0] ?? '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: ['req.headers.authorization'],
  };
}

/**
 * Structured JSON logs (pino), one line per event, each request's lines carrying its correlation
 * id. Request bodies and query strings are never logged: they may carry personal data.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: LogDestination): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const options = httpLogOptions(config);
            return {
              pinoHttp: destination ? [options, destination] : options,
              // Every path: nestjs-pino's default ('{/*splat}') matches no request under Fastify.
              forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
            };
          },
        }),
      ],
    };
  }
}
