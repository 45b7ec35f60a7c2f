import { parse as parseContentType } from 'content-type';
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { errorBody } from './api-error.js';

/** What a route's body may be sent as. */
export interface BodyMediaTypes {
  mediaTypes: readonly string[];
  /** Content-Encodings, `identity` for none. */
  encodings: readonly string[];
}

/** Every route's body unless it says otherwise: JSON in UTF-8, not compressed. */
export const JSON_BODY: BodyMediaTypes = { mediaTypes: ['application/json'], encodings: ['identity'] };

/** The Fastify route config (Nest's `@RouteConfig(bodyMediaTypes(...))`) of a route whose body is not JSON. */
export function bodyMediaTypes(accepted: BodyMediaTypes): { body: BodyMediaTypes } {
  return { body: accepted };
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** Why a body cannot be taken as `accepted`, or undefined when it can. Never quotes the headers. */
export function unsupportedBody(headers: IncomingHttpHeaders, accepted: BodyMediaTypes): string | undefined {
  const types = accepted.mediaTypes.join(' or ');
  const header = headers['content-type'];
  if (typeof header !== 'string' || header.trim() === '') return `A request body needs a Content-Type: ${types}.`;
  const { type, parameters } = parseContentType(header);
  if (!accepted.mediaTypes.includes(type)) return `This route takes a body as ${types} (UTF-8).`;
  const charset = parameters.charset?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `The body must be UTF-8: send charset=utf-8, or no charset.`;
  const encoding = String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (!accepted.encodings.includes(encoding)) return `This route takes Content-Encoding ${accepted.encodings.join(' or ')}.`;
  return undefined;
}

/**
 * 415 for a body a route does not take (a form, another charset, JSON Lines outside the import
 * route), before the body is read and before the caller is authenticated.
 */
export function refuseUnsupportedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.is404 || !hasBody(request.headers)) return done();
    const accepted = (request.routeOptions.config as { body?: BodyMediaTypes }).body ?? JSON_BODY;
    const problem = unsupportedBody(request.headers, accepted);
    if (problem === undefined) return done();
    void reply.code(415).send(errorBody(415, 'unsupported-media-type', problem, 'body'));
  });
}
