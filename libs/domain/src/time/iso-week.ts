import { epochDayFromYmd, fromEpochDay, isoDayOfWeekOfEpochDay, toEpochDay, type CivilDate } from './civil-date.js';

/** ISO-8601 week `YYYY-Www`: weeks start on Monday, week 1 holds the year's first Thursday. */
export type IsoWeek = string;

/** The shape of an ISO week; isIsoWeek also checks that the week exists. */
export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday. */
export function isoWeeksInYear(year: number): 52 | 53 {
  const jan1 = isoDayOfWeekOfEpochDay(epochDayFromYmd(year, 1, 1));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/**
 * The last week whose seven days lie in years 0001-9999: 9999-W52 ends on 10000-01-02 (9999-12-31
 * is a Friday). 0001-W01 begins on 0001-01-01, a Monday.
 */
const LAST_WHOLE_WEEK = { year: 9999, week: 51 };

/**
 * True only for a `YYYY-Www` string naming a week that exists (2020-W53 yes, 2019-W53 no) and lies
 * wholly in years 0001-9999, so that its Monday and Sunday are dates.
 */
export function isIsoWeek(value: unknown): value is IsoWeek {
  if (typeof value !== 'string') return false;
  const m = WEEK_PATTERN.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year === LAST_WHOLE_WEEK.year && week > LAST_WHOLE_WEEK.week) return false;
  return year >= 1 && year <= 9999 && week >= 1 && week <= isoWeeksInYear(year);
}

export function parseIsoWeek(value: string): { year: number; week: number } {
  if (!isIsoWeek(value)) throw new RangeError('not an existing ISO week in YYYY-Www form');
  const m = WEEK_PATTERN.exec(value)!;
  return { year: Number(m[1]), week: Number(m[2]) };
}

export function formatIsoWeek(year: number, week: number): IsoWeek {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

const mondays = new Map<string, number>();
const MONDAYS_REMEMBERED = 100_000;

/** Epoch day of the Monday of an ISO week. */
export function isoWeekMondayEpochDay(value: IsoWeek): number {
  const known = mondays.get(value);
  if (known !== undefined) return known;
  const { year, week } = parseIsoWeek(value);
  const jan4 = epochDayFromYmd(year, 1, 4);
  const week1Monday = jan4 - (isoDayOfWeekOfEpochDay(jan4) - 1);
  const monday = week1Monday + 7 * (week - 1);
  // Remembered for the same reason as toEpochDay's.
  if (mondays.size >= MONDAYS_REMEMBERED) mondays.clear();
  mondays.set(value, monday);
  return monday;
}

export function mondayOfIsoWeek(value: IsoWeek): CivilDate {
  return fromEpochDay(isoWeekMondayEpochDay(value));
}

export function sundayOfIsoWeek(value: IsoWeek): CivilDate {
  return fromEpochDay(isoWeekMondayEpochDay(value) + 6);
}

/** The week of a day, as a label: for 9999-12-27..31 that is 9999-W52, which isIsoWeek does not take (it ends in 10000). */
export function isoWeekOfEpochDay(epochDay: number): IsoWeek {
  // The ISO year is the year of the week's Thursday.
  const thursday = epochDay + (4 - isoDayOfWeekOfEpochDay(epochDay));
  const year = Number(fromEpochDay(thursday).slice(0, 4));
  const week = Math.floor((thursday - epochDayFromYmd(year, 1, 1)) / 7) + 1;
  return formatIsoWeek(year, week);
}

export function isoWeekOf(date: CivilDate): IsoWeek {
  return isoWeekOfEpochDay(toEpochDay(date));
}

export function addIsoWeeks(value: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOfEpochDay(isoWeekMondayEpochDay(value) + 7 * weeks);
}
