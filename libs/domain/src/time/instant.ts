import { epochDayFromYmd, isValidYmd } from './civil-date.js';

// Instants (docs/rules.md §8): when a fact was recorded, and "as recorded at". One form is kept
// everywhere, the event store's: UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.

// `2019-06-01T12:00:00Z`, `2019-06-01T14:00:00.123456+02:00`, `2019-06-01T12:00Z`. A space where
// the `+` of an offset should be is what an unencoded `+` in a query string becomes: read as `+`.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+\- ]\d{2}:?\d{2})$/;

export const INSTANT_FORMAT_HINT = 'an ISO-8601 instant with a time zone, e.g. 2019-06-01T12:00:00Z';

/**
 * Reads an ISO-8601 instant (date, time and zone: an instant is not a civil date) into the store's
 * form. Finer digits than microseconds are cut, not rounded: events are recorded to the
 * microsecond, so "recorded at or before" is the same for the cut instant. Undefined when the text
 * is not such an instant.
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

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && parseInstant(value) !== undefined;
}

/** A Date in the store's form (its milliseconds, then 000). */
export function instantOf(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/**
 * Negative, zero or positive as instant `a` is before, at or after `b`; each in any form
 * parseInstant accepts (a RangeError otherwise). Both are read into the store's form first, whose
 * fixed width (4-digit years, microseconds, UTC) orders as its text does: that comparison sees
 * nothing else.
 */
export function compareInstants(a: string, b: string): number {
  const x = parseInstant(a);
  const y = parseInstant(b);
  if (x === undefined || y === undefined) throw new RangeError('not an ISO-8601 instant with a zone');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Milliseconds since the epoch of an instant parseInstant accepts. */
export function epochMillisOf(instant: string): number {
  const parsed = parseInstant(instant);
  if (parsed === undefined) throw new RangeError('not an ISO-8601 instant with a zone');
  return Date.parse(parsed);
}
