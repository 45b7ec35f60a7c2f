import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LedgerIntegrityError, LedgerNotFoundError, LedgerRequestError } from '#ledger/service/index.js';

/** The ledger's refusals over HTTP: 404 for what it does not have, 400 for sizes that have no proof, 503 while its tables disagree with what it signed. */
@Catch(LedgerNotFoundError, LedgerRequestError, LedgerIntegrityError)
export class LedgerErrorFilter implements ExceptionFilter {
  catch(error: LedgerNotFoundError | LedgerRequestError | LedgerIntegrityError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof LedgerIntegrityError) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE).send({ statusCode: 503, error: 'ledger-not-consistent', message: error.message });
      return;
    }
    const status = error instanceof LedgerNotFoundError ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
    response.status(status).send({ statusCode: status, error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
  }
}
