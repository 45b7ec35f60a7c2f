import { ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { flattenValidationErrors } from './validation-errors.js';

/**
 * Every request body, query string and path DTO is checked against its DTO (after
 * DeclaredInputsGuard and RequestInputPipe have refused unknown, repeated or empty
 * parameters, bodies of another type and CPR numbers), and a 400 names each bad field. Messages never repeat the value sent
 * (it may be personal data).
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new ApiError(400, 'invalid-request', fields.map((f) => f.messages.join('; ')).join('; '), fields[0]?.field ?? 'body', { fields });
    },
  });
}
