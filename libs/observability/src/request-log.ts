interface Bindable {
  setBindings?(bindings: Record<string, unknown>): void;
}

/** The Node.js request as pino-http leaves it (Fastify keeps it as `request.raw`). */
interface LoggedRequest {
  raw?: { allLogs?: Bindable[]; log?: Bindable };
  allLogs?: Bindable[];
  log?: Bindable;
}

/**
 * Adds fields (e.g. the actor, once authenticated) to the request's log line. pino-http keeps its
 * request logger last in `allLogs`: under Fastify, `log` on the Node.js request is Fastify's own
 * (disabled) logger, which pino-http leaves in place.
 */
export function addToRequestLog(request: object, bindings: Record<string, unknown>): void {
  const { raw, allLogs, log } = request as LoggedRequest;
  const logger = raw?.allLogs?.at(-1) ?? allLogs?.at(-1) ?? raw?.log ?? log;
  logger?.setBindings?.(bindings);
}
