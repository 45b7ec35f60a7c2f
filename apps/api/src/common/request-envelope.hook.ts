import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CONTRACT_ID_PATTERN, CONTRACT_ID_SHAPE, containsCprShaped } from '#domain';
import { correlationHeaderHoldsCpr } from '#observability';
import { type ErrorBody, errorBody } from './api-error.js';
import { isStorableText } from './untrusted-json.js';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The first problem of a request's correlation header and path parameters (a CPR number, a control character, a malformed contract id), or undefined. */
export function envelopeProblem(request: { headers: IncomingHttpHeaders; params: unknown; is404: boolean }): ErrorBody | undefined {
  if (correlationHeaderHoldsCpr(request.headers)) {
    return errorBody(400, 'invalid-correlation-id', 'X-Correlation-Id must not contain a CPR number.', 'X-Correlation-Id');
  }
  // An unknown route has no parameters of ours (only Fastify's catch-all): its answer is a 404.
  if (request.is404) return undefined;
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    if (/[\u0000-\u001f\u007f]/.test(value) || !isStorableText(value)) {
      return errorBody(400, `invalid-${kebab(name)}`, `${name} holds a control character, or one that cannot be stored.`, name);
    }
    if (containsCprShaped(value)) return errorBody(400, `invalid-${kebab(name)}`, `${name} must not contain a CPR number.`, name);
    // Said here, not left to the guard: a malformed id is the caller's mistake, not a contract out of its scope (404).
    if (name === 'contractId' && !CONTRACT_ID_PATTERN.test(value)) {
      return errorBody(400, 'invalid-contract-id', `contractId must be ${CONTRACT_ID_SHAPE}.`, 'contractId');
    }
  }
  return undefined;
}

/**
 * Refuses, before the caller is authenticated (the guard's answers name the contract in the
 * path) and before the body is read, a request whose path or correlation header holds a CPR
 * number or a control character, or whose contract id is malformed: 400 naming the parameter or
 * the header, quoting neither.
 */
export function refuseBadEnvelopes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const problem = envelopeProblem(request);
    if (problem === undefined) return done();
    void reply.code(problem.statusCode).send(problem);
  });
}
