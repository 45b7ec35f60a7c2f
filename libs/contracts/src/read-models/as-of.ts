import { epochDayFromYmd, isValidYmd } from '../../../domain/src/index.js';

// `2019-06-01T12:00:00Z`, `2019-06-01T14:00:00.123456+02:00`, `2019-06-01T12:00Z`. A space where
// the `+` of an offset should be is what an unencoded `+` in a query string becomes: read as `+`.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+\- ]\d{2}:?\d{2})$/;

export const AS_OF_FORMAT_HINT = 'an ISO-8601 instant with a time zone, e.g. 2019-06-01T12:00:00Z';

/**
 * Reads an ISO-8601 instant (date, time and zone: an instant is not a civil date) and returns it
 * in the event store's form: UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Finer digits are
 * cut, not rounded: events are recorded to the microsecond, so "recorded at or before" is the same
 * for the cut instant. Undefined when the text is not such an instant.
 */
export function parseInstant(text: string): string | undefined {
  const match = INSTANT.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!isValidYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2));
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const epochSeconds = epochDayFromYmd(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  const utc = new Date(epochSeconds * 1000);
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return undefined;
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  return `${utc.toISOString().slice(0, 19)}.${micros}Z`;
}

/** Now, in the same form as parseInstant's answers and the store's recording instants. */
export function instantNow(clock: () => Date = () => new Date()): string {
  return `${clock().toISOString().slice(0, 23)}000Z`;
}
