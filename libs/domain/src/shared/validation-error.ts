/** One problem found in an input, located by a JSON path such as `outcomes[1].trigger.type`. */
export interface ValidationError {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };
