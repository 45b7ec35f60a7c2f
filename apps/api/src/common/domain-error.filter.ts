import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '#domain';
import { errorBody, sendError } from './api-error.js';
import { InvalidCursorError, StreamBusyError, WrongExpectedVersionError } from '#event-store';
import { CommandIdReusedError } from '#event-store';

/** Seconds a client is asked to wait before sending a request again that found its contract busy. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** How a refusal by the domain reads over HTTP: 400 bad input, 404 unknown thing, 409 not now / not twice, 403 not yours. */
const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
};

export function statusOfDomainError(error: DomainError): number {
  return STATUS_OF_KIND[error.kind];
}

/**
 * Domain refusals and a reused Idempotency-Key become clear 4xx answers naming the code and the
 * field; a contract too busy with other writers is a 503 to retry (never a 409: the race is not the
 * client's fault). The request wrote nothing (the command's transaction was not committed).
 */
@Catch(DomainError, CommandIdReusedError, StreamBusyError, WrongExpectedVersionError, InvalidCursorError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof DomainError) {
      const status = statusOfDomainError(error);
      // A message may quote an id the caller sent (a payment id, say): errorBody masks CPR numbers.
      sendError(response, errorBody(status, error.code, error.message, error.field, error.details ? { details: error.details } : {}));
      return;
    }
    if (error instanceof InvalidCursorError) {
      sendError(response, errorBody(HttpStatus.BAD_REQUEST, 'invalid-cursor', error.message, 'after'));
      return;
    }
    if (error instanceof CommandIdReusedError) {
      // The message names neither the key nor the command: the caller sent both.
      sendError(
        response,
        errorBody(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'idempotency-key-reused',
          `This Idempotency-Key was already used for ${error.reason === 'another-stream' ? 'a request on another contract' : 'a different request'}; ` +
            'nothing was recorded. Send each new request with a key of its own.',
          'Idempotency-Key',
        ),
      );
      return;
    }
    // StreamBusyError, or (should the runner ever let one through) a version conflict.
    void response.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
    sendError(
      response,
      errorBody(
        HttpStatus.SERVICE_UNAVAILABLE,
        'contract-busy',
        'The contract is busy with other writes and nothing was recorded; send the same request again (same Idempotency-Key) in a moment.',
      ),
    );
  }
}
