import { type CivilDate, type DateGranularity, isoWeekOf } from '#domain';

/** A civil date as the package gives it: as it is, its ISO week (`YYYY-Www`) or its month (`YYYY-MM`). */
export function coarsenDate(date: CivilDate, granularity: DateGranularity): string {
  switch (granularity) {
    case 'day':
      return date;
    case 'week':
      return isoWeekOf(date);
    case 'month':
      return date.slice(0, 7);
  }
}

export const ISO_WEEK_PATTERN = '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$';
