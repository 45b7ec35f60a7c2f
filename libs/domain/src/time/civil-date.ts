/**
 * Civil dates (`YYYY-MM-DD`, proleptic Gregorian, years 0001-9999) and their epoch-day numbers
 * (days since 1970-01-01). Rules work on epoch days internally: integer arithmetic, no time zones.
 * Dates are compared as values (compareDates, toEpochDay), never as text (docs/rules.md §8).
 */
export type CivilDate = string;

/** The shape of a civil date; isCivilDate also checks that the day exists. */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True only for a `YYYY-MM-DD` string naming a real calendar day. */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = DATE_PATTERN.exec(value);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseCivilDate(value: string): { year: number; month: number; day: number } {
  const m = DATE_PATTERN.exec(value);
  if (m === null || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError('not a calendar date in YYYY-MM-DD form');
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Days from 1970-01-01 (H. Hinnant's days_from_civil). */
export function epochDayFromYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// The rules turn the same few thousand dates into day numbers over and over (every fact
// re-evaluates its participant): remembered, up to a bound.
const epochDays = new Map<string, number>();
const EPOCH_DAYS_REMEMBERED = 100_000;

export function toEpochDay(date: CivilDate): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  const { year, month, day } = parseCivilDate(date);
  const epochDay = epochDayFromYmd(year, month, day);
  if (epochDays.size >= EPOCH_DAYS_REMEMBERED) epochDays.clear();
  epochDays.set(date, epochDay);
  return epochDay;
}

/** Epoch days of 0001-01-01 and 9999-12-31: the calendar every date of the service lies in. */
export const MIN_EPOCH_DAY = epochDayFromYmd(1, 1, 1);
export const MAX_EPOCH_DAY = epochDayFromYmd(9999, 12, 31);

/**
 * The civil date of an epoch day. A RangeError outside 0001-01-01..9999-12-31: a date of another
 * year would not be `YYYY-MM-DD` (the bounds of contracts keep every input far from this; §8).
 */
export function fromEpochDay(epochDay: number): CivilDate {
  if (!Number.isInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
    throw new RangeError('not a day of the years 0001-9999');
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A RangeError when the result would fall outside years 0001-9999 (see fromEpochDay). */
export function addDays(date: CivilDate, days: number): CivilDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO day of week of an epoch day: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoDayOfWeekOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export function isoDayOfWeek(date: CivilDate): number {
  return isoDayOfWeekOfEpochDay(toEpochDay(date));
}

export function minDate(a: CivilDate, b: CivilDate): CivilDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: CivilDate, b: CivilDate): CivilDate {
  return compareDates(a, b) >= 0 ? a : b;
}
