import { parseJsonLine, splitJsonLines } from './json-lines.js';
import { containsCprNumber, redactCprNumbers } from './redact.js';

describe('JSON Lines', () => {
  it('splits on LF and CRLF, skips blank lines but counts them, ignores a byte-order mark', () => {
    expect(splitJsonLines('\ufeff{"a":1}\r\n\r\n  \n{"b":2}\n')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
    expect(splitJsonLines('{"a":1}')).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(splitJsonLines('\n\n')).toEqual([]);
  });

  it('says where a line is not JSON without quoting it', () => {
    const result = parseJsonLine('{"cpr": "070190-1234", oops}');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('070190');
    expect(parseJsonLine('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });
});

describe('CPR redaction', () => {
  it('finds and redacts CPR-shaped numbers with a real date part, and nothing else', () => {
    expect(containsCprNumber('ref-0701901234')).toBe(true);
    expect(containsCprNumber('x 070190-1234 y')).toBe(true);
    expect(containsCprNumber('import-1700000000123')).toBe(false); // a longer run of digits
    expect(containsCprNumber('1700000000')).toBe(false); // no real date (month 00)
    expect(redactCprNumbers('property 0701901234 should not exist; 3102901234 stays')).toBe('property [redacted] should not exist; 3102901234 stays');
  });
});
