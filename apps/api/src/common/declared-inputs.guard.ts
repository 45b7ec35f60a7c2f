import 'reflect-metadata';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { declaredFieldsOf, type InputProblem, inputProblemOf } from './dto-input.check.js';
import { isSafeFieldName } from './field-path.js';
import { wholeArgumentClassOf } from './route-arguments.js';

// What a route declares it takes, read from its handler's parameters: the DTO of its `@Query()`
// (none: it takes no query parameter) and whether it has a `@Body()` (none, and no body media types
// of its own: it takes no body).
// Anything else the request carries is refused, never ignored.

interface DeclaredInputs {
  query: Function | undefined;
  body: boolean;
}

const declared = new WeakMap<Function, DeclaredInputs>();

function declaredInputsOf(controller: Function, handler: Function): DeclaredInputs {
  let inputs = declared.get(handler);
  if (inputs === undefined) {
    inputs = {
      query: wholeArgumentClassOf(controller, handler.name, RouteParamtypes.QUERY),
      body: wholeArgumentClassOf(controller, handler.name, RouteParamtypes.BODY) !== undefined,
    };
    declared.set(handler, inputs);
  }
  return inputs;
}

/** `method[]`, `method[x]`: a name a parser other than ours would make an array or object of. */
const BRACKETED = /^[A-Za-z_][A-Za-z0-9_]{0,63}\[[A-Za-z0-9_]{0,64}\]$/;

/**
 * The first problem of a query string (parsed with repeated names kept as arrays) as the input of
 * a route whose query DTO is `dto` (none: no parameter is taken): a bracketed, unknown, repeated
 * or empty parameter, then what dto-input.check says of the values (no CPR number). Each names the
 * parameter as the client wrote it, unless its name could be personal data (then `query`).
 */
export function queryProblemOf(query: Record<string, unknown>, dto: Function | undefined): InputProblem | undefined {
  const entries = Object.entries(query);
  // Most requests carry no query string: nothing to check, and nothing to build for a message.
  if (entries.length === 0) return undefined;
  const known = dto === undefined ? new Set<string>() : declaredFieldsOf(dto);
  const takes = (): string => (known.size === 0 ? 'This route takes no query parameter' : `This route takes ${[...known].join(', ')}`);
  for (const [name, value] of entries) {
    if (BRACKETED.test(name)) return { field: name, message: `${name} is not a parameter: give each parameter once, by its name alone. ${takes()}.` };
    if (!isSafeFieldName(name)) return { field: 'query', message: `The query holds a parameter whose name is not allowed. ${takes()}.` };
    if (!known.has(name)) return { field: name, message: `${name} is not a parameter of this route. ${takes()}.` };
    if (Array.isArray(value)) return { field: name, message: `${name} is given more than once: give it once.` };
    if (value === '') return { field: name, message: `${name} is empty: give it a value, or leave it out.` };
  }
  return dto === undefined ? undefined : inputProblemOf(query, dto, '', 'query');
}

/**
 * Refuses, after the authentication guard and before any pipe, a query string or a body the route
 * does not declare, and a malformed query string (queryProblemOf): 400 naming the parameter or
 * `body`. A guard, not an interceptor: every interceptor wraps every request in a layer of Nest's
 * Observable chain (profiled: rxjs and that chain were about a tenth of the API's CPU per
 * recorded fact with the two global interceptors there were). Registered with
 * `useGlobalGuards` after the application is created, so it runs after AuthGuard (an APP_GUARD):
 * an unauthenticated request is told 401, never what the route takes.
 */
export class DeclaredInputsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const inputs = declaredInputsOf(context.getClass(), context.getHandler());
    const problem = queryProblemOf((request.query ?? {}) as Record<string, unknown>, inputs.query);
    if (problem !== undefined) throw new ApiError(400, 'invalid-request', problem.message, problem.field);
    // A route that declares its own body media types (the import's JSON Lines) reads its body itself.
    const readsItsBody = inputs.body || (request.routeOptions.config as { body?: unknown }).body !== undefined;
    if (!readsItsBody && request.body !== undefined) {
      throw new ApiError(400, 'invalid-request', 'This route takes no body: send none.', 'body');
    }
    return true;
  }
}
