import { validateCprNumber } from '../../../domain/src/index.js';

// Ten digits, optionally DDMMYY-SSSS, not part of a longer run of digits.
const CPR_LIKE = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;

/** True when the text holds something that is shaped like a CPR number and has a real date part. */
export function containsCprNumber(text: string): boolean {
  return [...text.matchAll(CPR_LIKE)].some((match) => validateCprNumber(match[0]).ok);
}

/**
 * Replaces anything shaped like a CPR number by `[redacted]`: the last guard before a message
 * leaves the service (§9), whatever produced it.
 */
export function redactCprNumbers(text: string): string {
  return text.replace(CPR_LIKE, (match) => (validateCprNumber(match).ok ? '[redacted]' : match));
}
