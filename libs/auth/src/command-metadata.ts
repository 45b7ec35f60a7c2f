import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { actorOf, type Principal } from './principal.js';

/** What every recorded fact carries about its cause (fits the event store's EventMetadata). */
export interface CommandMetadata {
  /** `role:name` of the principal, e.g. `provider:fokus-folkeoplysning`. */
  actor: string;
  correlationId: string;
}

/** Metadata for a command sent by a controller: `commandMetadata(principal, correlationId)`. */
export function commandMetadata(principal: Pick<Principal, 'name' | 'role'>, correlationId: string): CommandMetadata {
  return { actor: actorOf(principal), correlationId };
}

/** The request's correlation id: `request.id`, which the HTTP server sets from `X-Correlation-Id` (or a new UUID; see requestCorrelationId). */
export function correlationIdOf(request: object): string {
  const id = (request as { id?: unknown }).id;
  // The service's HTTP server always sets it; the fallback only serves other callers.
  return typeof id === 'string' && id !== '' ? id : randomUUID();
}

/** Parameter decorator: the request's correlation id (see correlationIdOf). */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext) => correlationIdOf(context.switchToHttp().getRequest()));
