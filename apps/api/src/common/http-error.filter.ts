import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { maskCprShaped } from '#domain';
import type { RootLogger } from '#observability';
import { ApiError, type ErrorBody, sendError } from './api-error.js';
import { frameworkErrorBody, internalErrorBody, notFoundBody } from './framework-error.js';

function isFastifyError(value: unknown): value is { code: string; statusCode?: number } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && (value as { code: string }).code.startsWith('FST_')
  );
}

/**
 * Every error no more specific filter answered (DomainErrorFilter answers the domain's and the
 * store's). Our own refusals (ApiError) go out as they are; Fastify's and Nest's framework errors
 * (an unknown route, an unreadable body) get answers that quote neither the URL nor the body;
 * anything else is a 500 with a generic body, logged with its code and a masked message only:
 * never a database error's detail, `where` or parameters, which quote the data.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: RootLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.bodyOf(exception, request);
    if (reply.sent) return;
    sendError(reply, body);
  }

  private bodyOf(exception: unknown, request: FastifyRequest): ErrorBody | { statusCode: number; message: string } {
    if (exception instanceof ApiError) return exception.body;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (isFastifyError(exception.cause)) return frameworkErrorBody(exception.cause);
      if (status === 404 && request.is404) return notFoundBody();
      // Our libraries' own refusals (the guard's 401 and 403): their status, code, message (masked) and field.
      const response = exception.getResponse();
      const given = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : { message: response };
      return {
        statusCode: status,
        ...(typeof given.error === 'string' && /^[a-z]+(-[a-z]+)*$/.test(given.error) ? { error: given.error } : {}),
        message: maskCprShaped(typeof given.message === 'string' ? given.message : 'The request was refused.'),
        ...(typeof given.field === 'string' ? { field: given.field } : {}),
      };
    }
    const body = isFastifyError(exception) ? frameworkErrorBody(exception) : internalErrorBody();
    if (body.statusCode >= 500) this.logger.error({ correlationId: request.id, err: loggable(exception) }, 'unhandled error');
    return body;
  }
}

/** What is logged of an unexpected error: its type, code and a masked message and stack. */
function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: maskCprShaped(error.message),
    ...(error.stack !== undefined ? { stack: maskCprShaped(error.stack) } : {}),
  };
}
