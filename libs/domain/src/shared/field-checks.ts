import { containsCprShaped } from '../participant/cpr-shaped.js';
import type { ValidationError } from './validation-error.js';

/** The longest text a field of a definition takes unless it says otherwise. */
export const DEFAULT_MAX_TEXT_LENGTH = 200;

/**
 * Small helpers for validating untrusted JSON into typed values, each problem recorded with its
 * JSON path. They return the value when it is acceptable and `undefined` (after recording an
 * error) when not, so a validator can report every problem in one pass.
 */
export class FieldChecks {
  readonly errors: ValidationError[] = [];

  fail(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  record(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(path, value === undefined ? 'is required' : 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  /** Unknown fields are refused: in a contract a misspelt field must not be silently ignored. */
  onlyKnownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(join(path, key), 'is not a known field');
    }
  }

  /** A non-empty text of at most `maxLength` characters, holding no CPR number (§9: a definition is no place for one). */
  string(value: unknown, path: string, maxLength = DEFAULT_MAX_TEXT_LENGTH): string | undefined {
    if (value === undefined) return this.fail(path, 'is required');
    if (typeof value !== 'string' || value.trim() === '') return this.fail(path, 'must be a non-empty string');
    if (value.length > maxLength) return this.fail(path, `must be at most ${maxLength} characters`);
    if (containsCprShaped(value)) return this.fail(path, 'must not contain a CPR number');
    return value;
  }

  pattern(value: unknown, path: string, pattern: RegExp, description: string): string | undefined {
    const s = this.string(value, path);
    if (s === undefined) return undefined;
    if (!pattern.test(s)) return this.fail(path, `must be ${description}`);
    return s;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return this.fail(path, 'is required');
    if (typeof value !== 'boolean') return this.fail(path, 'must be true or false');
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return this.fail(path, 'is required');
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, 'must be a number');
    if (!Number.isSafeInteger(value)) return this.fail(path, 'must be a whole number');
    if (value < min) return this.fail(path, min === 0 ? 'must not be negative' : `must be at least ${min}`);
    if (value > max) return this.fail(path, `must be at most ${max}`);
    return value;
  }

  number(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return this.fail(path, 'is required');
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, 'must be a number');
    if (value < min) return this.fail(path, min === 0 ? 'must not be negative' : `must be at least ${min}`);
    return value;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return this.fail(path, 'is required');
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    return value as unknown[];
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
