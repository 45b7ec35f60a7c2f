import fc from 'fast-check';
import { LocalDate } from '@js-joda/core';
import { addDays, compareDates, daysBetween, fromEpochDay, isCivilDate, isoDayOfWeek, MAX_EPOCH_DAY, MIN_EPOCH_DAY, toEpochDay } from './civil-date.js';

/** Any day of years 0001-9999, as js-joda has it. */
const anyDay = fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY }).map((n) => LocalDate.ofEpochDay(n));
/** A day within a week of some year's end: where text and calendar arithmetic part most often. */
const nearYearEnd = fc
  .record({ year: fc.integer({ min: 1, max: 9998 }), offset: fc.integer({ min: -7, max: 7 }) })
  .map(({ year, offset }) => LocalDate.of(year, 12, 31).plusDays(offset));
const sign = (n: number) => Math.sign(n) || 0;

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

  it('round-trips every day of years 0001-9999 between date and epoch day', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(fromEpochDay(day.toEpochDay())).toBe(day.toString());
        expect(toEpochDay(day.toString())).toBe(day.toEpochDay());
      }),
      { numRuns: 3000 },
    );
    expect(fromEpochDay(MIN_EPOCH_DAY)).toBe('0001-01-01');
    expect(fromEpochDay(MAX_EPOCH_DAY)).toBe('9999-12-31');
    expect(toEpochDay('0001-01-01')).toBe(MIN_EPOCH_DAY);
    expect(toEpochDay('9999-12-31')).toBe(MAX_EPOCH_DAY);
  });

  it('adds days like js-joda, across year ends, leap days and centuries', () => {
    fc.assert(
      fc.property(fc.oneof(anyDay, nearYearEnd), fc.integer({ min: -800, max: 800 }), (day, days) => {
        const expected = day.plusDays(days);
        fc.pre(expected.year() >= 1 && expected.year() <= 9999);
        expect(addDays(day.toString(), days)).toBe(expected.toString());
        expect(daysBetween(day.toString(), expected.toString())).toBe(days);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9998 }), (year) => {
        const y = String(year).padStart(4, '0');
        const next = String(year + 1).padStart(4, '0');
        expect(addDays(`${y}-12-31`, 1)).toBe(`${next}-01-01`);
        expect(addDays(`${next}-01-01`, -1)).toBe(`${y}-12-31`);
      }),
    );
  });

  it('compares dates like js-joda, as values', () => {
    fc.assert(
      fc.property(fc.oneof(anyDay, nearYearEnd), fc.oneof(anyDay, nearYearEnd), (a, b) => {
        expect(sign(compareDates(a.toString(), b.toString()))).toBe(sign(a.compareTo(b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('never answers a date outside years 0001-9999: a RangeError instead', () => {
    expect(() => fromEpochDay(MAX_EPOCH_DAY + 1)).toThrow(RangeError);
    expect(() => fromEpochDay(MIN_EPOCH_DAY - 1)).toThrow(RangeError);
    expect(() => fromEpochDay(1.5)).toThrow(RangeError);
    expect(() => fromEpochDay(Number.NaN)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    // What a definition's evidenceGraceWeeks of 1,000,000,000 once made of a termination date.
    expect(() => addDays('2026-12-07', 1_000_000_000 * 7)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: MAX_EPOCH_DAY + 1 }), fc.integer({ max: MIN_EPOCH_DAY - 1 })), (n) => {
        expect(() => fromEpochDay(n)).toThrow(RangeError);
      }),
    );
  });
});
