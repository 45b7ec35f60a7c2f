import { BadRequestException } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, logRequests, ROOT_LOGGER, type RootLogger, requestCorrelationId } from '../../../libs/observability/src/index.js';
import type { AppConfig } from '../../../libs/config/src/index.js';
import { protectEdge } from './edge/edge-protection.js';
import { httpTimeouts } from './edge/http-timeouts.js';
import { registerJsonLinesParser } from './imports/json-lines-body.parser.js';

/** The largest JSON request body, in bytes (a contract definition is a few kB). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP server under Nest: Fastify rather than Express, because Nest over Express spent
 * ~0.4 ms of CPU on a request that does nothing, Fastify ~0.04 ms (measured on this machine; see
 * the README's benchmark), and the event loop's CPU is what limits the API's rate.
 * The request id is the correlation id (the caller's `X-Correlation-Id`, or a new UUID).
 */
export function httpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    ...httpTimeouts(config),
    genReqId: requestCorrelationId,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/** Body parsers, the correlation id's echo, request logging, headers and limits; call before the application is initialised. */
export function configureHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  logRequests(fastify, app.get<RootLogger>(ROOT_LOGGER));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT_BYTES }, (request: FastifyRequest, body: Buffer, done) => {
    const text = body.toString('utf8');
    // An empty body is no body: the DTO's validation then names the missing fields.
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, (error, parsed) => {
      // Never the parser's message: it quotes the body, which may hold personal data.
      if (error) done(new BadRequestException({ statusCode: 400, error: 'invalid-json', message: 'The request body is not valid JSON.', field: 'body' }), undefined);
      else done(null, parsed);
    });
  });
  registerJsonLinesParser(fastify);
  protectEdge(app);
}
