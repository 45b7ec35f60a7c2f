import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { readUntrustedJsonBytes } from './untrusted-json.js';

/** The largest JSON request body, in bytes (a contract definition is a few kB). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The parser of `application/json` bodies (the only JSON media type; body-media-type.hook.ts has
 * refused others and other charsets): UTF-8, at most JSON_BODY_LIMIT_BYTES, read as untrusted
 * JSON (untrusted-json.ts). A refusal names the field or the body and quotes neither.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT_BYTES }, (_: FastifyRequest, body: Buffer, done) => {
    // An empty body is no body: the DTO's validation then names the missing fields.
    if (body.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)) return done(null, undefined);
    const reading = readUntrustedJsonBytes(body, 'The request body');
    if (reading.ok) done(null, reading.value);
    else done(new ApiError(400, reading.error, reading.message, reading.path === '' ? 'body' : reading.path), undefined);
  });
}
