import type { MinorUnits } from './money.js';

/** How amounts are written for people unless they choose otherwise: Danish kroner and øre. */
export const DEFAULT_MONEY_LOCALE = 'da-DK';

/**
 * Minor units as the major unit with two decimals, in a locale's style (BCP 47 tag):
 * 1234567 is "12.345,67" in da-DK and "12,345.67" in en-GB. `signed` writes + before a gain.
 * Exact at any size: the decimal is formatted from its digits, not from minor / 100.
 */
export function formatMinorUnits(minor: MinorUnits, locale: string = DEFAULT_MONEY_LOCALE, { signed = false } = {}): string {
  const abs = Math.abs(minor);
  const decimal = `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}` as `${number}`;
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto' });
  return format.format(decimal);
}

/** The locale as given if Intl can write numbers in it; otherwise undefined. */
export function supportedLocale(locale: string): string | undefined {
  try {
    return Intl.NumberFormat.supportedLocalesOf(locale).length > 0 ? locale : undefined;
  } catch {
    return undefined;
  }
}
