import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, maskCprShaped } from '../../../../libs/domain/src/index.js';
import { InvalidCursorError, WrongExpectedVersionError } from '../../../../libs/event-store/src/index.js';
import { CommandIdReusedError } from '../../../../libs/event-store/src/index.js';

/** How a refusal by the domain reads over HTTP: 400 bad input, 404 unknown thing, 409 not now / not twice. */
export function statusOfDomainError(error: DomainError): number {
  if (error.code.endsWith('-not-found')) return HttpStatus.NOT_FOUND;
  if (error.code.startsWith('invalid-') || error.code.startsWith('date-') || error.code === 'unknown-command') return HttpStatus.BAD_REQUEST;
  return HttpStatus.CONFLICT;
}

/**
 * Domain refusals and store conflicts become clear 4xx answers naming the code and the field;
 * the request wrote nothing (the command's transaction was not committed).
 */
@Catch(DomainError, WrongExpectedVersionError, CommandIdReusedError, InvalidCursorError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof DomainError) {
      const status = statusOfDomainError(error);
      response.status(status).send({
        statusCode: status,
        error: error.code,
        // A message may quote an id the caller sent (a payment id, say): never a CPR number.
        message: maskCprShaped(error.message),
        ...(error.field ? { field: error.field } : {}),
        ...(error.details ? { details: error.details } : {}),
      });
      return;
    }
    if (error instanceof InvalidCursorError) {
      response.status(HttpStatus.BAD_REQUEST).send({ statusCode: 400, error: 'invalid-cursor', message: error.message, field: 'after' });
      return;
    }
    const code = error instanceof CommandIdReusedError ? 'idempotency-key-reused' : 'concurrent-update';
    response.status(HttpStatus.CONFLICT).send({ statusCode: 409, error: code, message: error.message });
  }
}
