import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { maskCprShaped } from '#domain';

/**
 * The body of every error answer: a stable, machine-readable `error`, a `message` for people that
 * quotes nothing the caller sent, and the `field` at fault when there is one (`body` for the body
 * as a whole, a header's name, a path parameter's name). Some answers add a list (`details`,
 * `fields`).
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  [more: string]: unknown;
}

export function errorBody(statusCode: number, error: string, message: string, field?: string, more: Record<string, unknown> = {}): ErrorBody {
  return { statusCode, error, message: maskCprShaped(message), ...(field !== undefined ? { field } : {}), ...more };
}

/**
 * Sends an error answer as JSON. A route that answers another media type (the report's text/html)
 * has set its Content-Type before its handler ran; Fastify will not serialise an object under it
 * (it fails, and the client got a 500), so the type is set back to JSON here.
 */
export function sendError(reply: FastifyReply, body: { statusCode: number }): void {
  void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}

/** A refusal with an ErrorBody, thrown anywhere in the HTTP layer and answered as it is. */
export class ApiError extends HttpException {
  constructor(statusCode: number, error: string, message: string, field?: string, more: Record<string, unknown> = {}) {
    super(errorBody(statusCode, error, message, field, more), statusCode);
  }

  get body(): ErrorBody {
    return this.getResponse() as ErrorBody;
  }
}
