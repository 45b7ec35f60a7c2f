import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_RULE } from '#contracts';
import { containsCprShaped } from '#domain';
import { ApiError } from './api-error.js';

/**
 * The request's `Idempotency-Key` header, if any: a retry with the same key records nothing new
 * and answers with what the first attempt recorded.
 */
export function idempotencyKeyOf(request: { headers: Record<string, unknown> }): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new ApiError(400, 'invalid-idempotency-key', `Idempotency-Key must be ${IDEMPOTENCY_KEY_RULE}`, 'Idempotency-Key');
  }
  // It is stored with every event the request records (§9).
  if (containsCprShaped(value)) throw new ApiError(400, 'invalid-idempotency-key', 'Idempotency-Key must not contain a CPR number.', 'Idempotency-Key');
  return value;
}
