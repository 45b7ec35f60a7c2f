import type { FastifyInstance } from 'fastify';
import { maskCprShaped } from '#domain';
import type { RootLogger } from './logging.module.js';

const FIELDS = Symbol('requestLogFields');

type WithFields = { [FIELDS]?: Record<string, unknown> };

/** Adds fields (e.g. the actor, once authenticated) to the request's log line. */
export function addToRequestLog(request: object, fields: Record<string, unknown>): void {
  const target = request as WithFields;
  target[FIELDS] = { ...target[FIELDS], ...fields };
}

/**
 * One line per answered request: method, path (no query string; anything CPR-shaped masked, since
 * a caller may put a CPR number in a path by mistake, and none may reach a log line: §9),
 * status, milliseconds, correlation id and what addToRequestLog added. A 5xx is logged as an error.
 */
export function logRequests(fastify: FastifyInstance, logger: RootLogger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (logger.isLevelEnabled(failed ? 'error' : 'info')) {
      const line = {
        req: { method: request.method, url: maskCprShaped(request.url.split('?')[0]) },
        correlationId: request.id,
        ...(request as WithFields)[FIELDS],
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (failed) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    }
    done();
  });
}
