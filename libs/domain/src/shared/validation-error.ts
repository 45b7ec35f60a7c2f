/** One problem found in an input, located by a JSON path such as `outcomes[1].trigger.type`. */
export interface ValidationError {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

/** The problems in one line, each with its path: for a refusal's message. */
export function describeValidationErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path} ${e.message}`)).join('; ');
}
