import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ovt_';
/** `ovt_` and 32 random bytes in base64url (43 characters). The prefix makes leaked tokens easy to grep for. */
export const TOKEN_PATTERN = /^ovt_[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored of a token: its SHA-256. A slow password hash (bcrypt, scrypt, argon2) is not
 * needed: the token carries 256 random bits, so the hash cannot be reversed by guessing, and a
 * fast hash lets every request be checked with one indexed lookup. (The lookup is by hash, so
 * there is no secret-dependent string comparison to time either.)
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
