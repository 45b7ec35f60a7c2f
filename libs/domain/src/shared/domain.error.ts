import type { ValidationError } from './validation-error.js';

/**
 * A refused decision. `code` is stable and machine-readable; `message` is for people and must never
 * carry personal data beyond a pseudonymous participant id.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly details?: readonly ValidationError[];

  constructor(code: string, message: string, options: { field?: string; details?: readonly ValidationError[] } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
