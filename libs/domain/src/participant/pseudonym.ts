import { createHmac } from 'node:crypto';
import { DomainError } from '../shared/domain.error.js';
import { validateCprNumber } from './cpr.js';

export const PSEUDONYM_PATTERN = /^p_[0-9a-f]{32}$/;
const MIN_KEY_BYTES = 16;

/**
 * The participant's pseudonym: `p_` + the first 32 hex characters (128 bits) of
 * HMAC-SHA-256(key, the normalised 10 CPR digits). Keyed, not a plain hash: with about 10^10
 * possible CPR numbers a plain hash is reversed by enumeration. Same key and CPR number, same
 * pseudonym; without the key it cannot be recomputed.
 */
export function pseudonymise(cpr: string, key: Buffer): string {
  if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
    throw new DomainError('invalid', 'invalid-pseudonym-key', `The pseudonym key must be at least ${MIN_KEY_BYTES} bytes.`);
  }
  const checked = validateCprNumber(cpr);
  if (!checked.ok) throw new DomainError('invalid', checked.error.code, checked.error.message, { field: 'cpr' });
  return `p_${createHmac('sha256', key).update(checked.value, 'utf8').digest('hex').slice(0, 32)}`;
}

export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && PSEUDONYM_PATTERN.test(value);
}
