import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { inputProblemOf } from './dto-input.check.js';

/** Types a `@Body()` may be declared with that are not a JSON object. */
const NOT_OBJECTS: ReadonlySet<Function> = new Set([String, Number, Boolean, Array]);

/**
 * Runs before the validation pipe on every body: a JSON object when the route declares one (its
 * DTO, or a record the domain validates in full) — `null`, an array, a string or a number is a 400
 * naming `body` — with only the fields the DTO declares, and no CPR number in any string but a
 * CprNumberField (dto-input.check.ts). The query string is checked by DeclaredInputsGuard,
 * path parameters before the guard (request-envelope.hook.ts) and by their DTOs and pipes.
 */
export class RequestInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    // An absent body is no body: the DTO's validation then names the missing fields.
    if (value === undefined) return value;
    if (metadata.metatype !== undefined && !NOT_OBJECTS.has(metadata.metatype) && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ApiError(400, 'invalid-request', 'The body must be a JSON object.', 'body');
    }
    // A record (`Object`) is validated by the domain; a DTO class declares its fields, or none (an empty body: `{}`).
    const dtoClass = metadata.metatype !== undefined && metadata.metatype !== Object && !NOT_OBJECTS.has(metadata.metatype) ? metadata.metatype : undefined;
    const problem = inputProblemOf(value, dtoClass, '', 'body');
    if (problem !== undefined) throw new ApiError(400, 'invalid-request', problem.message, problem.field);
    return value;
  }
}
