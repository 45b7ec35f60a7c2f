import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/** The route label of a request that matched no route (a 404 of the router): one value, whatever the path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every answered request into http_request_duration_seconds, labelled with the route's
 * pattern (`/contracts/:contractId`), never the path itself: the label's values stay as few as
 * the routes, and no identifier (or CPR number sent by mistake) reaches the metrics.
 */
export function measureRequests(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
