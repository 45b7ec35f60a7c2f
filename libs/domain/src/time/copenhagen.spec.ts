import { copenhagenDateOf } from './copenhagen.js';
import { isIsoInstant } from './instant.js';

describe('Copenhagen civil date of an instant', () => {
  it('uses UTC+1 in winter and UTC+2 in summer', () => {
    expect(copenhagenDateOf('2019-01-07T22:59:59Z')).toBe('2019-01-07');
    expect(copenhagenDateOf('2019-01-07T23:00:00Z')).toBe('2019-01-08');
    expect(copenhagenDateOf('2019-07-07T21:59:59Z')).toBe('2019-07-07');
    expect(copenhagenDateOf('2019-07-07T22:00:00Z')).toBe('2019-07-08');
  });

  it('switches on the last Sundays of March and October at 01:00 UTC', () => {
    // 2019-03-31 01:00 UTC summer time begins; 2019-10-27 01:00 UTC it ends.
    expect(copenhagenDateOf('2019-03-30T22:30:00Z')).toBe('2019-03-30');
    expect(copenhagenDateOf('2019-10-26T22:30:00Z')).toBe('2019-10-27');
    expect(copenhagenDateOf('2019-10-27T22:30:00Z')).toBe('2019-10-27');
    expect(copenhagenDateOf('2019-10-27T23:00:00Z')).toBe('2019-10-28');
  });

  it('reads offsets and refuses instants without a zone', () => {
    expect(copenhagenDateOf('2019-01-08T00:30:00+01:00')).toBe('2019-01-08');
    expect(isIsoInstant('2019-01-08T00:30:00')).toBe(false);
    expect(() => copenhagenDateOf('yesterday')).toThrow(RangeError);
  });
});
