import fc from 'fast-check';
import { IsoFields, LocalDate } from '@js-joda/core';
import { isIsoWeek, isoWeekOf, isoWeeksInYear, mondayOfIsoWeek, parseIsoWeek, sundayOfIsoWeek } from './iso-week.js';

describe('ISO weeks', () => {
  it('knows which years have a week 53', () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2015)).toBe(53);
    expect(isoWeeksInYear(2019)).toBe(52);
    expect(isoWeeksInYear(2021)).toBe(52);
  });

  it('accepts existing weeks only: 2020-W53 yes, 2019-W53 no', () => {
    expect(isIsoWeek('2020-W53')).toBe(true);
    expect(isIsoWeek('2019-W53')).toBe(false);
    expect(isIsoWeek('2019-W00')).toBe(false);
    expect(isIsoWeek('2019-W54')).toBe(false);
    expect(isIsoWeek('2019-W6')).toBe(false);
    expect(isIsoWeek('2019W06')).toBe(false);
    expect(() => parseIsoWeek('2019-W53')).toThrow(RangeError);
  });

  it('gives Monday and Sunday of a week (Monday first, week 1 holds the first Thursday)', () => {
    expect(mondayOfIsoWeek('2019-W06')).toBe('2019-02-04');
    expect(sundayOfIsoWeek('2019-W31')).toBe('2019-08-04');
    expect(sundayOfIsoWeek('2019-W46')).toBe('2019-11-17');
    expect(mondayOfIsoWeek('2020-W01')).toBe('2019-12-30');
    expect(mondayOfIsoWeek('2020-W53')).toBe('2020-12-28');
    expect(sundayOfIsoWeek('2020-W53')).toBe('2021-01-03');
    expect(mondayOfIsoWeek('2021-W01')).toBe('2021-01-04');
  });

  it('gives the week of a date, including across year ends', () => {
    expect(isoWeekOf('2019-12-30')).toBe('2020-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2019-01-07')).toBe('2019-W02');
  });

  it('agrees with js-joda for any date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60000 }), (n) => {
        const date = LocalDate.ofEpochDay(n);
        const week = `${date.get(IsoFields.WEEK_BASED_YEAR)}-W${String(date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).padStart(2, '0')}`;
        expect(isoWeekOf(date.toString())).toBe(week);
        const monday = date.minusDays(date.dayOfWeek().value() - 1);
        expect(mondayOfIsoWeek(week)).toBe(monday.toString());
        expect(sundayOfIsoWeek(week)).toBe(monday.plusDays(6).toString());
      }),
      { numRuns: 2000 },
    );
  });
});
