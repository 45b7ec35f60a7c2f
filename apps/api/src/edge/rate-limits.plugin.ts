import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { bearerTokenOf, hashToken } from '#auth';
import type { AppConfig } from '#config';
import { errorBody } from '../common/api-error.js';

export type RateLimitSettings = Pick<
  AppConfig,
  'RATE_LIMIT_WINDOW_MS' | 'RATE_LIMIT_PER_TOKEN' | 'RATE_LIMIT_PER_ADDRESS' | 'AUTH_FAILURE_LIMIT' | 'AUTH_FAILURE_WINDOW_MS'
>;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const TOKEN_KEY = Symbol('rateLimitTokenKey');
type Keyed = FastifyRequest & { [TOKEN_KEY]?: string };

/** The request's bearer token as a rate-limit key: its SHA-256, so that no token is kept in memory. */
function tokenKeyOf(request: Keyed): string | undefined {
  if (!(TOKEN_KEY in request)) {
    const token = bearerTokenOf(request.headers.authorization);
    request[TOKEN_KEY] = token === undefined ? undefined : hashToken(token).toString('base64');
  }
  return request[TOKEN_KEY];
}

function tooManyRequests(reply: FastifyReply, ttlMs: number, error: string, message: string): FastifyReply {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send(errorBody(429, error, `${message} Retry after ${seconds} s.`));
}

/**
 * Request limits, checked before anything else is done with a request (so before a token is looked
 * up in the database), each over a fixed window (@fastify/rate-limit's counters, in memory, per
 * process):
 *  - per client address: RATE_LIMIT_PER_ADDRESS requests per RATE_LIMIT_WINDOW_MS;
 *  - per bearer token: RATE_LIMIT_PER_TOKEN per RATE_LIMIT_WINDOW_MS;
 *  - failed authentications (a token presented and refused with 401) per address: after
 *    AUTH_FAILURE_LIMIT of them within AUTH_FAILURE_WINDOW_MS, every request from that address that
 *    carries a token gets 429 until the window ends, without a lookup.
 * A refused request gets 429 with `Retry-After` (seconds) and the usual error body.
 */
export const rateLimits = fastifyPlugin(
  async (fastify: FastifyInstance, settings: RateLimitSettings) => {
    await fastify.register(rateLimit, { global: false });
    const window = settings.RATE_LIMIT_WINDOW_MS;
    const perAddress: Limiter | undefined =
      settings.RATE_LIMIT_PER_ADDRESS > 0 ? fastify.createRateLimit({ max: settings.RATE_LIMIT_PER_ADDRESS, timeWindow: window }) : undefined;
    const perToken: Limiter | undefined =
      settings.RATE_LIMIT_PER_TOKEN > 0
        ? fastify.createRateLimit({ max: settings.RATE_LIMIT_PER_TOKEN, timeWindow: window, keyGenerator: (request) => tokenKeyOf(request) ?? '' })
        : undefined;
    const authFailures = fastify.createRateLimit({ max: settings.AUTH_FAILURE_LIMIT, timeWindow: settings.AUTH_FAILURE_WINDOW_MS });

    fastify.addHook('onRequest', async (request, reply) => {
      if (perAddress) {
        const limit = await perAddress(request);
        if (!limit.isAllowed && limit.isExceeded) {
          return tooManyRequests(reply, limit.ttl, 'too-many-requests', 'Too many requests from this address.');
        }
      }
      if (tokenKeyOf(request) === undefined) return;
      const failures = await authFailures(request, { increment: false });
      if (!failures.isAllowed && failures.remaining === 0) {
        return tooManyRequests(reply, failures.ttl, 'too-many-failed-authentications', 'Too many refused bearer tokens from this address.');
      }
      if (perToken) {
        const limit = await perToken(request);
        if (!limit.isAllowed && limit.isExceeded) {
          return tooManyRequests(reply, limit.ttl, 'too-many-requests', 'Too many requests with this bearer token.');
        }
      }
    });

    // Counted once the answer is out; nothing waits for the count.
    fastify.addHook('onResponse', (request, reply, done) => {
      if (reply.statusCode === 401 && tokenKeyOf(request) !== undefined) void authFailures(request).catch(() => undefined);
      done();
    });
  },
  { name: 'rate-limits' },
);
