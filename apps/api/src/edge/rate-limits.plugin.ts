import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { bearerTokenOf, hashToken, principalOf } from '#auth';
import type { AppConfig } from '#config';
import { errorBody } from '../common/api-error.js';
import { ActiveTokens, type LoadActiveTokenHashes } from './active-tokens.js';
import { KnownGoodTokens } from './known-good-tokens.js';

export type RateLimitSettings = Pick<
  AppConfig,
  'RATE_LIMIT_WINDOW_MS' | 'RATE_LIMIT_PER_TOKEN' | 'RATE_LIMIT_PER_ADDRESS' | 'AUTH_FAILURE_LIMIT' | 'AUTH_FAILURE_LIMIT_PER_TOKEN' | 'AUTH_FAILURE_WINDOW_MS'
>;

export interface RateLimitOptions {
  settings: RateLimitSettings;
  /** Reads the active tokens' hashes, for telling a valid token from a bad one at an address over its failure limit. */
  loadActiveTokenHashes: LoadActiveTokenHashes;
}

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

/** A limiter's state without counting the request; undefined while the key is under its limit. */
async function exhausted(limiter: Limiter, request: FastifyRequest): Promise<{ ttl: number } | undefined> {
  const state = await limiter(request, { increment: false });
  return !state.isAllowed && state.remaining === 0 ? state : undefined;
}

/**
 * Request limits, checked before anything else is done with a request (so before a token is looked
 * up in the database), each over a fixed window (@fastify/rate-limit's counters, in memory, per
 * process). The client's address is request.ip (the TCP peer's, or X-Forwarded-For's when
 * TRUST_PROXY trusts the peer):
 *  - per client address: RATE_LIMIT_PER_ADDRESS requests per RATE_LIMIT_WINDOW_MS;
 *  - per bearer token: RATE_LIMIT_PER_TOKEN per RATE_LIMIT_WINDOW_MS;
 *  - failed authentications (a token presented and refused with 401), per AUTH_FAILURE_WINDOW_MS,
 *    counted per address and per (address, token). A token this process has seen authenticated
 *    (KnownGoodTokens) is never refused by them, so a client sending bad tokens cannot lock out
 *    the good ones that share its address. Any other token gets 429 without a lookup once it has
 *    failed AUTH_FAILURE_LIMIT_PER_TOKEN times from its address (so that a client repeating one
 *    stale token does not spend its address's budget), or once its address has had
 *    AUTH_FAILURE_LIMIT failures and it is not among the active tokens (ActiveTokens: a load of
 *    all their hashes, made at most once a second whatever the number of such requests). The
 *    database thus looks up at most AUTH_FAILURE_LIMIT bad tokens per address per window (plus
 *    those already in flight when it runs out), and loads the active tokens at most once a second.
 * A refused request gets 429 with `Retry-After` (seconds) and the usual error body.
 */
export const rateLimits = fastifyPlugin(
  async (fastify: FastifyInstance, { settings, loadActiveTokenHashes }: RateLimitOptions) => {
    await fastify.register(rateLimit, { global: false });
    const window = settings.RATE_LIMIT_WINDOW_MS;
    const perAddress: Limiter | undefined =
      settings.RATE_LIMIT_PER_ADDRESS > 0 ? fastify.createRateLimit({ max: settings.RATE_LIMIT_PER_ADDRESS, timeWindow: window }) : undefined;
    const perToken: Limiter | undefined =
      settings.RATE_LIMIT_PER_TOKEN > 0
        ? fastify.createRateLimit({ max: settings.RATE_LIMIT_PER_TOKEN, timeWindow: window, keyGenerator: (request) => tokenKeyOf(request) ?? '' })
        : undefined;
    const failureWindow = settings.AUTH_FAILURE_WINDOW_MS;
    const failuresPerAddress = fastify.createRateLimit({ max: settings.AUTH_FAILURE_LIMIT, timeWindow: failureWindow });
    const failuresPerSource = fastify.createRateLimit({
      max: settings.AUTH_FAILURE_LIMIT_PER_TOKEN,
      timeWindow: failureWindow,
      // The address as the per-address limits key it (an IPv6 address by its /64).
      keyGenerator: (request) => `${normalizeIP(request.ip)} ${tokenKeyOf(request) ?? ''}`,
    });
    const knownGood = new KnownGoodTokens();
    const activeTokens = new ActiveTokens(loadActiveTokenHashes);

    fastify.addHook('onRequest', async (request, reply) => {
      if (perAddress) {
        const limit = await perAddress(request);
        if (!limit.isAllowed && limit.isExceeded) {
          return tooManyRequests(reply, limit.ttl, 'too-many-requests', 'Too many requests from this address.');
        }
      }
      const tokenKey = tokenKeyOf(request);
      if (tokenKey === undefined) return;
      if (!knownGood.has(tokenKey)) {
        const sourceFailures = await exhausted(failuresPerSource, request);
        if (sourceFailures) {
          return tooManyRequests(reply, sourceFailures.ttl, 'too-many-failed-authentications', 'This bearer token was refused too often from this address.');
        }
        const addressFailures = await exhausted(failuresPerAddress, request);
        if (addressFailures) {
          const activity = await activeTokens.activity(tokenKey);
          if (!activity.active) {
            // Checked against a load older than the request, a token is told when the next may be made.
            const ttl = activity.retryAfterMs ?? addressFailures.ttl;
            return tooManyRequests(reply, ttl, 'too-many-failed-authentications', 'Too many refused bearer tokens from this address.');
          }
        }
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
      const tokenKey = tokenKeyOf(request);
      if (tokenKey !== undefined) {
        if (principalOf(request) !== undefined) knownGood.add(tokenKey);
        else if (reply.statusCode === 401) {
          knownGood.forget(tokenKey);
          activeTokens.forget(tokenKey);
          void Promise.all([failuresPerAddress(request), failuresPerSource(request)]).catch(() => undefined);
        }
      }
      done();
    });
  },
  { name: 'rate-limits' },
);
