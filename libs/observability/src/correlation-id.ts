import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ASSIGNED = Symbol('correlationId');

/**
 * The request's correlation id: the caller's `X-Correlation-Id` when it is a safe token, else a
 * new UUID, the same for every caller of this function on one request (the HTTP framework's
 * request id, the log lines, the recorded events' metadata, the response's header).
 */
export function requestCorrelationId(request: IncomingMessage): string {
  const assigned = request as IncomingMessage & { [ASSIGNED]?: string };
  if (assigned[ASSIGNED] === undefined) {
    const given = request.headers[CORRELATION_HEADER];
    assigned[ASSIGNED] = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  }
  return assigned[ASSIGNED];
}
