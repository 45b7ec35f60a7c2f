import { decimalIntegerOf, IntegerField, OneOfField } from './dto-fields.js';
import { queryProblemOf } from './declared-inputs.guard.js';

class PageQuery {
  @IntegerField('page size', { min: 1, max: 1000 }, true) limit?: number;
  @OneOfField('kind', ['a', 'b'], 'a', true) kind?: string;
}

describe('the rules of a parameter', () => {
  it('reads whole numbers in decimal digits only, within their bounds', () => {
    expect(['0', '7', '1000'].map((text) => decimalIntegerOf(text, 0, 1000))).toEqual([0, 7, 1000]);
    for (const text of ['1e3', '0x10', '0b11', ' 5', '5 ', '+5', '-1', '01', '', '1.0', '1001', '18446744073709551617', 'five', '٣']) {
      expect({ text, read: decimalIntegerOf(text, 0, 1000) }).toEqual({ text, read: undefined });
    }
  });

  it('refuses an unknown, repeated, bracketed or empty query parameter, naming it as written', () => {
    const problem = (query: Record<string, unknown>, dto: Function | undefined = PageQuery) => queryProblemOf(query, dto)?.field;
    expect(problem({ limit: '5', kind: 'a' })).toBeUndefined();
    expect(problem({ limit: ['1', '2'] })).toBe('limit');
    expect(problem({ 'kind[]': 'a' })).toBe('kind[]');
    expect(problem({ 'kind[x]': 'a' })).toBe('kind[x]');
    expect(problem({ after: '', limit: '5' })).toBe('after');
    expect(problem({ limit: '' })).toBe('limit');
    expect(problem({ asOf: '2020-01-01T00:00:00Z' })).toBe('asOf');
    expect(problem({ asOf: '2020-01-01T00:00:00Z' }, undefined)).toBe('asOf');
    expect(problem({ '070190-1234': 'x' })).toBe('query');
    expect(problem({ kind: 'see 070190-1234' })).toBe('kind');
  });
});
