import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { declaredFieldsOf, inputProblemOf } from './dto-input.check.js';

/**
 * Runs before the validation pipe on every body and query string: only the fields the DTO
 * declares, and no CPR number in any string but a CprNumberField (dto-input.check.ts). A body
 * without a DTO (a contract definition, which the domain validates in full) has its strings
 * checked. Path parameters are checked before the guard (request-envelope.hook.ts).
 */
export class RequestInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const dtoClass = metadata.metatype !== undefined && declaredFieldsOf(metadata.metatype).size > 0 ? metadata.metatype : undefined;
    // An absent body is no body: the DTO's validation then names the missing fields.
    if (value === undefined || (value === null && dtoClass !== undefined)) return value;
    const problem = inputProblemOf(value, dtoClass, '', metadata.type);
    if (problem !== undefined) throw new ApiError(400, 'invalid-request', problem.message, problem.field);
    return value;
  }
}
