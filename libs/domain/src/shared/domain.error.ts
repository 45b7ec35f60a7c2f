import type { ValidationError } from './validation-error.js';

/**
 * What kind of refusal it is, whoever reports it (HTTP maps it to a status, an import to a rejected
 * line): the input is malformed or impossible; something it names is unknown; the contract's state
 * does not allow it (not now, or not twice); the caller may not do it.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden';

/**
 * A refused decision. `code` is stable and machine-readable; `message` is for people and must never
 * carry personal data beyond a pseudonymous participant id.
 */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly field?: string;
  readonly details?: readonly ValidationError[];

  constructor(kind: DomainErrorKind, code: string, message: string, options: { field?: string; details?: readonly ValidationError[] } = {}) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
