import fc from 'fast-check';
import { LocalDate } from '@js-joda/core';
import { addDays, compareDates, daysBetween, fromEpochDay, isCivilDate, isoDayOfWeek, toEpochDay } from './civil-date.js';

describe('civil dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isCivilDate('2019-01-07')).toBe(true);
    expect(isCivilDate('2020-02-29')).toBe(true);
    expect(isCivilDate('2000-02-29')).toBe(true);
    expect(isCivilDate('2019-02-29')).toBe(false);
    expect(isCivilDate('1900-02-29')).toBe(false);
    expect(isCivilDate('2019-04-31')).toBe(false);
    expect(isCivilDate('2019-13-01')).toBe(false);
    expect(isCivilDate('2019-00-10')).toBe(false);
    expect(isCivilDate('2019-1-7')).toBe(false);
    expect(isCivilDate('2019-01-07T00:00')).toBe(false);
    expect(isCivilDate(20190107)).toBe(false);
    expect(() => toEpochDay('2019-02-30')).toThrow(RangeError);
  });

  it('adds, compares and subtracts days across months, leap days and years', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addDays('2019-04-01', 55)).toBe('2019-05-26');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(daysBetween('2019-02-04', '2019-03-10')).toBe(34);
    expect(compareDates('2019-01-07', '2019-01-08')).toBeLessThan(0);
    expect(compareDates('2019-01-08', '2019-01-08')).toBe(0);
    expect(isoDayOfWeek('2019-01-07')).toBe(1);
    expect(isoDayOfWeek('2019-08-04')).toBe(7);
  });

  it('agrees with js-joda on epoch days and day of week', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700000, max: 2900000 }), (n) => {
        const joda = LocalDate.ofEpochDay(n);
        expect(fromEpochDay(n)).toBe(joda.toString());
        expect(toEpochDay(joda.toString())).toBe(n);
        expect(isoDayOfWeek(joda.toString())).toBe(joda.dayOfWeek().value());
      }),
      { numRuns: 2000 },
    );
  });
});
