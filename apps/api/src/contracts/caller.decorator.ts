import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { correlationIdOf, principalOf } from '#auth';
import { idempotencyKeyOf } from '../common/idempotency-key.js';
import type { Caller } from './contract-command.sender.js';

/** Who sends the command, under which correlation id, with which idempotency key. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
  const principal = principalOf(request);
  if (!principal) throw new Error('@CurrentCaller() on a route the auth guard did not authenticate');
  return { principal, correlationId: correlationIdOf(request), idempotencyKey: idempotencyKeyOf(request) };
});
