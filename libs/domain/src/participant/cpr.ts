import { isValidYmd } from '../time/civil-date.js';

export type CprValidation =
  { ok: true; value: string; birthDate: string } | { ok: false; error: { code: 'invalid-cpr-format' | 'invalid-cpr-date'; message: string } };

const CPR_PATTERN = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/;

/** A replacement number (erstatningspersonnummer) is given to a citizen without a CPR number: its day of month is 60 more. */
const REPLACEMENT_DAY_OFFSET = 60;

/**
 * Checks a CPR number's shape (`DDMMYY-SSSS` or `DDMMYYSSSS`) and that its date part names a real
 * day, the century coming from the 7th digit; a replacement number's day (61-91) is checked
 * after subtracting 60 (docs/rules.md §9). Deliberately no modulus-11 check: numbers without it
 * have been issued since 2007 (§9). Error messages never contain the number.
 * On success `value` is the normalised 10 digits (a replacement number's as given, so it never
 * becomes the CPR number of someone else) and `birthDate` the date of birth.
 */
export function validateCprNumber(input: string): CprValidation {
  const m = typeof input === 'string' ? CPR_PATTERN.exec(input.trim()) : null;
  if (m === null) {
    return { ok: false, error: { code: 'invalid-cpr-format', message: 'A CPR number must have the form DDMMYY-SSSS or DDMMYYSSSS.' } };
  }
  const given = Number(m[1]);
  const day = given > REPLACEMENT_DAY_OFFSET ? given - REPLACEMENT_DAY_OFFSET : given;
  const month = Number(m[2]);
  const yy = Number(m[3]);
  const year = centuryOf(Number(m[4]), yy) + yy;
  if (!isValidYmd(year, month, day)) {
    return { ok: false, error: { code: 'invalid-cpr-date', message: 'The date part of the CPR number is not a real date.' } };
  }
  const birthDate = `${String(year).padStart(4, '0')}-${m[2]}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`, birthDate };
}

/** The CPR office's century rule for the 7th digit (first digit of the serial number). */
function centuryOf(seventh: number, yy: number): number {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800; // 5-8
}
