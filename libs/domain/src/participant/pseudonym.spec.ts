import { createHmac } from 'node:crypto';
import { DomainError } from '../shared/domain.error.js';
import { isPseudonym, pseudonymise } from './pseudonym.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
const otherKey = Buffer.from('fedcba9876543210fedcba9876543210', 'utf8');

describe('pseudonymise', () => {
  it('is p_ + the first 32 hex characters of HMAC-SHA-256 over the normalised 10 digits', () => {
    const expected = `p_${createHmac('sha256', key).update('0707614286').digest('hex').slice(0, 32)}`;
    expect(pseudonymise('070761-4286', key)).toBe(expected);
    expect(isPseudonym(expected)).toBe(true);
  });

  it('is deterministic and ignores the dash', () => {
    expect(pseudonymise('070761-4286', key)).toBe(pseudonymise('0707614286', key));
  });

  it('depends on the key and on the number', () => {
    expect(pseudonymise('070761-4286', key)).not.toBe(pseudonymise('070761-4286', otherKey));
    expect(pseudonymise('070761-4286', key)).not.toBe(pseudonymise('070761-4285', key));
  });

  it('refuses a short key and an invalid number, without echoing the number', () => {
    expect(() => pseudonymise('070761-4286', Buffer.from('short'))).toThrow(DomainError);
    try {
      pseudonymise('310299-1234', key);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid-cpr-date');
      expect((error as DomainError).message).not.toMatch(/310299|1234/);
    }
  });
});
