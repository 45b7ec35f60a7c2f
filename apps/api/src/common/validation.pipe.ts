import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ApiError } from './api-error.js';
import { dtoRulesOf, passesDtoRules } from './dto-rules.check.js';
import { flattenValidationErrors } from './validation-errors.js';

/**
 * Nest's validation pipe, with a shortcut for a body that passes: its DTO's rules gathered once
 * (dto-rules.check.ts) instead of looked up by class-validator on every request. What it returns
 * is what Nest's pipe returns (class-transformer's instance of the DTO, made the same way); a body
 * that fails any rule, or whose DTO has rules the shortcut does not gather, goes through Nest's
 * pipe, which words the refusal.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dtoClass = metadata.type === 'body' ? metadata.metatype : undefined;
    const rules = dtoClass === undefined ? null : dtoRulesOf(dtoClass);
    if (rules !== null && isPlainObject(value)) {
      const entity = plainToInstance(dtoClass!, value, this.transformOptions) as object;
      if (entity.constructor === dtoClass && passesDtoRules(entity, rules)) return entity;
    }
    return super.transform(value, metadata);
  }
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

// The shortcut judges as class-validator does under these options (no groups, nothing skipped):
// validation.pipe.spec.ts compares the two under them.
export const REQUEST_VALIDATION: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const fields = flattenValidationErrors(errors);
    return new ApiError(400, 'invalid-request', fields.map((f) => f.messages.join('; ')).join('; '), fields[0]?.field ?? 'body', { fields });
  },
};

/**
 * Every request body, query string and path DTO is checked against its DTO (after
 * DeclaredInputsGuard and RequestInputPipe have refused unknown, repeated or empty
 * parameters, bodies of another type and CPR numbers), and a 400 names each bad field. Messages never repeat the value sent
 * (it may be personal data).
 */
export function requestValidationPipe(): ValidationPipe {
  return new RequestValidationPipe(REQUEST_VALIDATION);
}
