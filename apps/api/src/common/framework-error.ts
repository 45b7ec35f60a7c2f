import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER } from '#observability';
import { type ErrorBody, errorBody } from './api-error.js';

// Fastify's own refusals (an unknown route, a body it cannot read, a path too long or badly
// escaped) quote the URL or the body in their messages; these are the answers given instead.

const BY_CODE: Readonly<Record<string, (status: number) => ErrorBody>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (s) =>
    errorBody(s, 'unsupported-media-type', 'Send the body as application/json (UTF-8), or an import as JSON Lines on its own route.', 'body'),
  FST_ERR_CTP_BODY_TOO_LARGE: (s) => errorBody(s, 'body-too-large', 'The request body is too large (a JSON body may hold at most 1 MB).', 'body'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (s) => errorBody(s, 'invalid-body', 'The request body does not match its Content-Length.', 'body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: (s) => errorBody(s, 'invalid-body', 'The request body is empty but its Content-Type says JSON.', 'body'),
  FST_ERR_BAD_URL: (s) => errorBody(s, 'invalid-url', 'The URL is not valid: a path segment is badly percent-encoded.', 'path'),
  FST_ERR_MAX_PARAM_LENGTH: (s) => errorBody(s, 'uri-too-long', 'A path segment is too long (at most 100 characters).', 'path'),
};

/** The answer to one of Fastify's own errors: by its code, else by its status; never its message. */
export function frameworkErrorBody(error: { code?: unknown; statusCode?: unknown }): ErrorBody {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const byCode = typeof error.code === 'string' ? BY_CODE[error.code] : undefined;
  if (byCode !== undefined) return byCode(status);
  return status >= 500 ? internalErrorBody(status) : errorBody(status, 'invalid-request', 'The request could not be read.', 'body');
}

export function notFoundBody(): ErrorBody {
  return errorBody(404, 'not-found', 'No such route: check the method and the path (the API is described at /docs).', 'path');
}

export function internalErrorBody(status = 500): ErrorBody {
  return errorBody(
    status,
    'internal-error',
    'Something went wrong on our side. Try again (a retry with the same Idempotency-Key records nothing twice), or quote the X-Correlation-Id to support.',
  );
}

/** Fastify's `frameworkErrors` option: errors raised while routing, before any hook or handler. */
export function answerFrameworkError(error: { code?: unknown; statusCode?: unknown }, request: FastifyRequest, reply: FastifyReply): void {
  const body = frameworkErrorBody(error);
  void reply.header(CORRELATION_HEADER, request.id).code(body.statusCode).send(body);
}
