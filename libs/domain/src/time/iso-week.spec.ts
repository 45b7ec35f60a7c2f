import fc from 'fast-check';
import { IsoFields, LocalDate } from '@js-joda/core';
import { MAX_EPOCH_DAY, MIN_EPOCH_DAY } from './civil-date.js';
import { isIsoWeek, isoWeekMondayEpochDay, isoWeekOf, isoWeeksInYear, mondayOfIsoWeek, parseIsoWeek, sundayOfIsoWeek } from './iso-week.js';

const jodaWeek = (date: LocalDate) =>
  `${String(date.get(IsoFields.WEEK_BASED_YEAR)).padStart(4, '0')}-W${String(date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).padStart(2, '0')}`;

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

  it('agrees with js-joda across year ends, in every year 0001-9999, week 53 included', () => {
    // The last days of a year and the first of the next: the week can belong to either year.
    const nearYearEnd = fc
      .record({ year: fc.integer({ min: 1, max: 9998 }), offset: fc.integer({ min: -6, max: 6 }) })
      .map(({ year, offset }) => LocalDate.of(year, 12, 31).plusDays(offset));
    fc.assert(
      fc.property(
        fc.oneof(
          nearYearEnd,
          fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY - 5 }).map((n) => LocalDate.ofEpochDay(n)),
        ),
        (date) => {
          const week = jodaWeek(date);
          fc.pre(isIsoWeek(week));
          expect(isoWeekOf(date.toString())).toBe(week);
          const monday = date.minusDays(date.dayOfWeek().value() - 1);
          expect(mondayOfIsoWeek(week)).toBe(monday.toString());
          expect(sundayOfIsoWeek(week)).toBe(monday.plusDays(6).toString());
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9998 }), (year) => {
        // 28 December is always in the year's last week.
        const weeks = LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        expect(isoWeeksInYear(year)).toBe(weeks);
        const y = String(year).padStart(4, '0');
        expect(isIsoWeek(`${y}-W53`)).toBe(weeks === 53);
        // The next year's week 1 begins the day after the last week's Sunday.
        const last = `${y}-W${weeks}`;
        expect(isoWeekMondayEpochDay(`${String(year + 1).padStart(4, '0')}-W01`)).toBe(isoWeekMondayEpochDay(last) + 7);
      }),
      { numRuns: 1000 },
    );
  });

  it('takes only weeks whose seven days lie in years 0001-9999', () => {
    expect(mondayOfIsoWeek('0001-W01')).toBe('0001-01-01');
    expect(sundayOfIsoWeek('9999-W51')).toBe('9999-12-26');
    // 9999-W52 runs from 9999-12-27 to 10000-01-02.
    expect(isIsoWeek('9999-W52')).toBe(false);
    expect(() => sundayOfIsoWeek('9999-W52')).toThrow(RangeError);
    expect(isoWeekOf('9999-12-26')).toBe('9999-W51');
  });
});
