import { epochDayFromYmd, fromEpochDay, isoDayOfWeekOfEpochDay, type CivilDate } from './civil-date.js';
import { epochMillisOf } from './instant.js';

const MS_PER_DAY = 86_400_000;

function lastSundayEpochDay(year: number, month: number, lastDay: number): number {
  const last = epochDayFromYmd(year, month, lastDay);
  return last - (isoDayOfWeekOfEpochDay(last) % 7);
}

/**
 * The civil date in Europe/Copenhagen at a UTC instant. Uses the EU summer-time rule (UTC+2 from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, else UTC+1),
 * which has governed Denmark since 1996; no time-zone database is needed. A RangeError for an
 * instant whose Copenhagen date is past 9999-12-31 (from 9999-12-31T23:00:00Z): reads refuse an
 * asOf later than now long before that.
 */
export function copenhagenDateOf(instant: string): CivilDate {
  const ms = epochMillisOf(instant);
  const year = Number(fromEpochDay(Math.floor(ms / MS_PER_DAY)).slice(0, 4));
  const summerStart = lastSundayEpochDay(year, 3, 31) * MS_PER_DAY + 3_600_000;
  const summerEnd = lastSundayEpochDay(year, 10, 31) * MS_PER_DAY + 3_600_000;
  const offset = ms >= summerStart && ms < summerEnd ? 7_200_000 : 3_600_000;
  return fromEpochDay(Math.floor((ms + offset) / MS_PER_DAY));
}
