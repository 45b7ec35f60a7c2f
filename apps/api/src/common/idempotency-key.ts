import { containsCprShaped } from '../../../../libs/domain/src/index.js';
import { ApiError } from './api-error.js';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's `Idempotency-Key` header, if any: a retry with the same key records nothing new
 * and answers with what the first attempt recorded.
 */
export function idempotencyKeyOf(request: { headers: Record<string, unknown> }): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new ApiError(400, 'invalid-idempotency-key', 'Idempotency-Key must be 8-128 letters, digits, dots, colons, dashes or underscores', 'Idempotency-Key');
  }
  // It is stored with every event the request records (§9).
  if (containsCprShaped(value)) throw new ApiError(400, 'invalid-idempotency-key', 'Idempotency-Key must not contain a CPR number.', 'Idempotency-Key');
  return value;
}
