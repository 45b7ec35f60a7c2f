import type { FastifyInstance } from 'fastify';
import type { RootLogger } from './logging.module.js';

const FIELDS = Symbol('requestLogFields');

type WithFields = { [FIELDS]?: Record<string, unknown> };

// Anything shaped like a CPR number (DDMMYY-SSSS) in a logged URL is masked: a caller may put one
// in a path by mistake, and a CPR number must never reach a log line (DOMAIN.md §9).
const CPR_SHAPED = /\d{6}-?\d{4}/g;

export function maskCprShaped(text: string): string {
  return text.replace(CPR_SHAPED, '[masked]');
}

/** Adds fields (e.g. the actor, once authenticated) to the request's log line. */
export function addToRequestLog(request: object, fields: Record<string, unknown>): void {
  const target = request as WithFields;
  target[FIELDS] = { ...target[FIELDS], ...fields };
}

/**
 * One line per answered request: method, path (no query string; CPR-shaped digits masked),
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
