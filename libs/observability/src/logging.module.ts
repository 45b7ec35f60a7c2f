import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/src/index.js';
import { correlationIdFor } from './correlation-id.js';

/**
 * Structured JSON logs (pino) on stdout, one line per event, each request's lines carrying its
 * correlation id as `reqId`. Request bodies are never logged: they may carry personal data.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: correlationIdFor,
          customProps: (req) => ({ correlationId: req.id }),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ method: req.method, url: req.url?.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: ['req.headers.authorization'],
        },
      }),
    }),
  ],
})
export class LoggingModule {}
