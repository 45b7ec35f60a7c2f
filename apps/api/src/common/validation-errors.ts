import type { ValidationError } from 'class-validator';

/** class-validator's errors as a flat list: each field's path and its messages (no values: they may be personal data). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
