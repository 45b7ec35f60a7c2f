import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './api-error.js';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every request body is checked against its DTO (after RequestInputPipe has refused unknown
 * fields and CPR numbers), and a 400 names each bad field. Messages never repeat the value sent
 * (it may be personal data).
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ApiError(400, 'invalid-request', fields.map((f) => f.messages.join('; ')).join('; '), fields[0]?.field ?? 'body', { fields });
    },
  });
}
