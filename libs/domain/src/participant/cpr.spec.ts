import { validateCprNumber } from './cpr.js';

function modulus11(digits: string): boolean {
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  return [...digits].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11 === 0;
}

describe('validateCprNumber', () => {
  it('accepts DDMMYY-SSSS and DDMMYYSSSS and normalises to 10 digits', () => {
    expect(validateCprNumber('070761-4285')).toEqual({ ok: true, value: '0707614285', birthDate: '1961-07-07' });
    expect(validateCprNumber('0707614285')).toEqual({ ok: true, value: '0707614285', birthDate: '1961-07-07' });
  });

  it('does not apply the modulus-11 check', () => {
    expect(modulus11('0707614285')).toBe(true);
    expect(modulus11('0707614286')).toBe(false);
    expect(validateCprNumber('070761-4286').ok).toBe(true);
  });

  it('uses the 7th digit for the century', () => {
    const birthDate = (cpr: string) => {
      const r = validateCprNumber(cpr);
      return r.ok ? r.birthDate : r.error.code;
    };
    expect(birthDate('010203-0000')).toBe('1903-02-01');
    expect(birthDate('010203-3999')).toBe('1903-02-01');
    expect(birthDate('010236-4000')).toBe('2036-02-01');
    expect(birthDate('010237-4000')).toBe('1937-02-01');
    expect(birthDate('010257-5000')).toBe('2057-02-01');
    expect(birthDate('010258-8000')).toBe('1858-02-01');
    expect(birthDate('010236-9000')).toBe('2036-02-01');
    expect(birthDate('010299-9000')).toBe('1999-02-01');
    // 29 February exists in 2000 but not in 1900.
    expect(birthDate('290200-4000')).toBe('2000-02-29');
    expect(birthDate('290200-1000')).toBe('invalid-cpr-date');
  });

  it('rejects impossible dates', () => {
    for (const cpr of ['310299-1234', '300299-1234', '310499-1234', '001299-1234', '011399-1234', '320199-1234']) {
      const result = validateCprNumber(cpr);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-cpr-date');
    }
  });

  it('accepts replacement numbers (day of month + 60), checking the date after subtracting 60', () => {
    expect(validateCprNumber('670761-4285')).toEqual({ ok: true, value: '6707614285', birthDate: '1961-07-07' });
    expect(validateCprNumber('6101000000')).toEqual({ ok: true, value: '6101000000', birthDate: '1900-01-01' });
    expect(validateCprNumber('911299-1234')).toEqual({ ok: true, value: '9112991234', birthDate: '1999-12-31' });
    // 29 February + 60: in 2000, not in 1900.
    expect(validateCprNumber('890200-4000')).toEqual({ ok: true, value: '8902004000', birthDate: '2000-02-29' });
    const dateError = (cpr: string) => {
      const r = validateCprNumber(cpr);
      return r.ok ? r.birthDate : r.error.code;
    };
    expect(dateError('890200-1000')).toBe('invalid-cpr-date');
    // 31 February, 31 April + 60; days 32-60 and 92 are neither a CPR nor a replacement day.
    for (const cpr of ['910299-1234', '910499-1234', '320199-1234', '450199-1234', '600199-1234', '920199-1234']) {
      expect({ cpr, result: dateError(cpr) }).toEqual({ cpr, result: 'invalid-cpr-date' });
    }
  });

  it('rejects malformed input, with messages that never contain the number', () => {
    for (const cpr of ['070761_4285', '070761-428', '07076142851', 'O70761-4285', '070761 4285', '', '07-07-61-4285']) {
      const result = validateCprNumber(cpr);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-cpr-format');
        expect(result.error.message).not.toContain('070761');
      }
    }
    const bad = validateCprNumber('310299-1234');
    expect(!bad.ok && bad.error.message).not.toMatch(/3102|1234/);
  });
});
