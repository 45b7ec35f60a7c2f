import { formatMinorUnits, supportedLocale } from './money-format.js';

describe('formatMinorUnits', () => {
  it('writes 1234567 øre in Danish style by default, and in British style for en-GB', () => {
    expect(formatMinorUnits(1234567)).toBe('12.345,67');
    expect(formatMinorUnits(1234567, 'da-DK')).toBe('12.345,67');
    expect(formatMinorUnits(1234567, 'en-GB')).toBe('12,345.67');
  });

  it('writes small, negative and signed amounts with two decimals', () => {
    expect(formatMinorUnits(0)).toBe('0,00');
    expect(formatMinorUnits(5)).toBe('0,05');
    expect(formatMinorUnits(-250000, 'en-GB')).toBe('-2,500.00');
    expect(formatMinorUnits(250000, 'en-GB', { signed: true })).toBe('+2,500.00');
    expect(formatMinorUnits(0, 'en-GB', { signed: true })).toBe('0.00');
  });

  it('is exact to the øre where minor / 100 as a float is not', () => {
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, 'en-GB')).toBe('90,071,992,547,409.91');
  });
});

describe('supportedLocale', () => {
  it('accepts locales Intl can write numbers in, and nothing else', () => {
    expect(supportedLocale('en-GB')).toBe('en-GB');
    expect(supportedLocale('qq-QQ')).toBeUndefined();
    expect(supportedLocale('not a locale')).toBeUndefined();
  });
});
