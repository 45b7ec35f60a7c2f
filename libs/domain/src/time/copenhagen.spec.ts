import fc from 'fast-check';
import { copenhagenDateOf } from './copenhagen.js';
import { epochDayFromYmd, isoDayOfWeekOfEpochDay } from './civil-date.js';
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

  it('agrees with the time-zone database near midnight and the summer-time changes, 1996-2099', () => {
    const copenhagen = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
    const DAY = 86_400_000;
    const lastSunday = (year: number, month: number, last: number) => {
      const day = epochDayFromYmd(year, month, last);
      return day - (isoDayOfWeekOfEpochDay(day) % 7);
    };
    // Instants within three hours of a UTC midnight, or of a change of offset (01:00 UTC on the last Sundays of March and October).
    const nearMidnight = fc
      .record({
        day: fc.integer({ min: epochDayFromYmd(1996, 1, 1), max: epochDayFromYmd(2099, 12, 31) }),
        ms: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
      })
      .map(({ day, ms }) => day * DAY + ms);
    const nearChange = fc
      .record({ year: fc.integer({ min: 1996, max: 2099 }), october: fc.boolean(), ms: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }) })
      .map(({ year, october, ms }) => (october ? lastSunday(year, 10, 31) : lastSunday(year, 3, 31)) * DAY + 3_600_000 + ms);
    fc.assert(
      fc.property(fc.oneof(nearMidnight, nearChange), (ms) => {
        const instant = new Date(ms).toISOString();
        expect(copenhagenDateOf(instant)).toBe(copenhagen.format(new Date(ms)));
      }),
      { numRuns: 3000 },
    );
  });

  it('has no date for an instant past 9999-12-31 in Copenhagen: a RangeError', () => {
    expect(copenhagenDateOf('9999-12-31T22:59:59Z')).toBe('9999-12-31');
    expect(() => copenhagenDateOf('9999-12-31T23:00:00Z')).toThrow(RangeError);
  });
});
