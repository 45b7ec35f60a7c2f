import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CORRELATION_HEADER, logRequests, measureRequests, Metrics, ROOT_LOGGER, type RootLogger, requestCorrelationId } from '#observability';
import { refuseUnsupportedBodies } from './common/body-media-type.hook.js';
import { answerFrameworkError } from './common/framework-error.js';
import { JSON_BODY_LIMIT_BYTES, registerJsonBodyParser } from './common/json-body.parser.js';
import { refuseBadEnvelopes } from './common/request-envelope.hook.js';
import { AppConfig } from '#config';
import { MAX_PAYMENT_ID_LENGTH } from '#domain';
import { protectEdge } from './edge/edge-protection.js';
import { httpTimeouts } from './edge/http-timeouts.js';
import { registerJsonLinesParser } from './imports/json-lines-body.parser.js';

/**
 * The HTTP server under Nest: Fastify rather than Express, because Nest over Express spent
 * ~0.4 ms of CPU on a request that does nothing, Fastify ~0.04 ms (measured on this machine; see
 * docs/dependencies.md), and the event loop's CPU is what limits the API's rate.
 * The request id is the correlation id (the caller's `X-Correlation-Id`, or a new UUID). Errors
 * Fastify raises while routing (a path badly escaped or too long) get answers that quote nothing.
 * The client's address (request.ip, which the rate limits key on) is the TCP peer's unless
 * TRUST_PROXY names proxies whose X-Forwarded-For is believed.
 */
export function httpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    ...httpTimeouts(config),
    trustProxy: config.trustProxy,
    genReqId: requestCorrelationId,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // Fastify's default (100) answered 414 to valid payment identities of long contract ids.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PAYMENT_ID_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
}

/**
 * Request logging and timing (the metrics), CORS when CORS_ORIGINS names origins, the correlation id's echo, the refusals made before anything is read or
 * authenticated (a CPR number in the path or the correlation header; a body of a media type the
 * route does not take), and the body parsers: JSON for every route, JSON Lines handed over
 * unread to the import route; then security headers and rate limits (edge/). Call before the
 * application is initialised.
 */
export function configureHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  logRequests(fastify, app.get<RootLogger>(ROOT_LOGGER));
  measureRequests(fastify, app.get(Metrics));
  allowOrigins(app, app.get(AppConfig));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  refuseBadEnvelopes(fastify);
  refuseUnsupportedBodies(fastify);
  registerJsonBodyParser(fastify);
  registerJsonLinesParser(fastify);
  protectEdge(app);
}

/**
 * CORS (@fastify/cors, through Nest) for the origins of CORS_ORIGINS, off when it is unset: a
 * browser script on another origin may then send the headers the API reads and read the ones
 * it answers with. Tokens are bearer headers, never cookies, so no credentials mode.
 */
function allowOrigins(app: NestFastifyApplication, config: AppConfig): void {
  const origin = config.corsOrigins;
  if (origin === undefined) return;
  app.enableCors({
    origin,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'Accept', 'Idempotency-Key', CORRELATION_HEADER, 'traceparent', 'tracestate'],
    exposedHeaders: [CORRELATION_HEADER, 'Retry-After', 'Location', 'Content-Disposition'],
    maxAge: 600,
  });
}
