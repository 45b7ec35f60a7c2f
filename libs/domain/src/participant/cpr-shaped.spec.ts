import { createHmac } from 'node:crypto';
import { containsCprShaped, maskCprShaped } from './cpr-shaped.js';

describe('the CPR-shaped screen', () => {
  it('finds CPR numbers with and without a dash, alone or inside other text', () => {
    for (const text of ['070190-1234', '0701901234', 'ref-0701901234', 'x 070190-1234 y', 'cpr:0701901234', 'id0701901234', 'nr. 070190–1234']) {
      expect({ text, found: containsCprShaped(text) }).toEqual({ text, found: true });
    }
  });

  it('finds a URL-encoded dash (and other percent-escaped ASCII)', () => {
    expect(containsCprShaped('/citizens/121290%2D1212')).toBe(true);
    expect(containsCprShaped('/citizens/121290%2d1212')).toBe(true);
    expect(containsCprShaped('%30701901234')).toBe(true);
    expect(maskCprShaped('/contracts/c/participants/121290%2D1212/timeline')).toBe('/contracts/c/participants/[masked]/timeline');
  });

  it('finds replacement numbers (erstatningspersonnummer: day of month + 60)', () => {
    expect(containsCprShaped('670190-1234')).toBe(true); // 7 January 1990 + 60
    expect(containsCprShaped('9112901234')).toBe(true); // 31 December + 60
    expect(containsCprShaped('9202901234')).toBe(false); // 32 February does not exist, + 60 or not
  });

  it('needs a real date part and ten digits that are not part of a longer run', () => {
    expect(containsCprShaped('1700000000')).toBe(false); // month 00
    expect(containsCprShaped('3102901234')).toBe(false); // 31 February
    expect(containsCprShaped('import-1700000000123')).toBe(false);
    expect(containsCprShaped('12070190-1234')).toBe(false);
    expect(containsCprShaped('070190-12345')).toBe(false);
    expect(containsCprShaped('070190123')).toBe(false);
    expect(containsCprShaped('2019-01-07')).toBe(false);
    expect(containsCprShaped('')).toBe(false);
  });

  it('leaves pseudonyms, digests and UUIDs alone, even when they hold ten digits in a row', () => {
    const pseudonym = 'p_eb95577e0701901234abcdef01234567';
    expect(containsCprShaped(pseudonym)).toBe(false);
    expect(containsCprShaped(`aalborg-impact60:${pseudonym}:JOB_START:1:1`)).toBe(false);
    expect(containsCprShaped('0701901234'.padEnd(64, 'a'))).toBe(false);
    expect(containsCprShaped('3f9a0c1e-5b7d-4a2c-8e6f-0701901234ab')).toBe(false);
    expect(containsCprShaped('ab070190-1234-4a2c-8e6f-0a1b2c3d4e5f')).toBe(false);
    expect(maskCprShaped(`/contracts/c/participants/${pseudonym}/timeline`)).toBe(`/contracts/c/participants/${pseudonym}/timeline`);

    // Of real pseudonyms, about 7.6 % hold ten digits in a row; none of them is masked.
    const key = Buffer.alloc(32, 7);
    const withDigits = Array.from({ length: 2000 }, (_, i) => `p_${createHmac('sha256', key).update(String(i)).digest('hex').slice(0, 32)}`).filter((p) =>
      /\d{10}/.test(p),
    );
    expect(withDigits.length).toBeGreaterThan(50);
    for (const p of withDigits) expect(maskCprShaped(`x ${p} y`)).toBe(`x ${p} y`);
  });

  it('masks every CPR-shaped number and nothing else', () => {
    expect(maskCprShaped('property 0701901234 should not exist; 3102901234 stays; 070190-1234 too')).toBe(
      'property [masked] should not exist; 3102901234 stays; [masked] too',
    );
    expect(maskCprShaped('nothing here')).toBe('nothing here');
  });
});
