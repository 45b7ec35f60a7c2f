import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { containsCprShaped } from '#domain';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ASSIGNED = Symbol('correlationId');

/**
 * The request's correlation id: the caller's `X-Correlation-Id` when it is a safe token and not
 * CPR-shaped, else a new UUID, the same for every caller of this function on one request (the
 * HTTP framework's request id, the log lines, the recorded events' metadata, the response's header).
 */
export function requestCorrelationId(request: IncomingMessage): string {
  const assigned = request as IncomingMessage & { [ASSIGNED]?: string };
  if (assigned[ASSIGNED] === undefined) {
    const given = request.headers[CORRELATION_HEADER];
    assigned[ASSIGNED] = typeof given === 'string' && SAFE_ID.test(given) && !containsCprShaped(given) ? given : randomUUID();
  }
  return assigned[ASSIGNED];
}

/** Whether the caller's `X-Correlation-Id` holds a CPR number: a mistake to refuse (400), not to pass on under another id. */
export function correlationHeaderHoldsCpr(headers: IncomingHttpHeaders): boolean {
  const given = headers[CORRELATION_HEADER];
  return (Array.isArray(given) ? given : [given]).some((value) => typeof value === 'string' && containsCprShaped(value));
}
