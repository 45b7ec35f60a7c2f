import { DomainError } from '../shared/domain.error.js';
import { PERIOD_RANGE } from '../contract/contract-definition.js';
import { compareDates, isCivilDate, type CivilDate } from '../time/civil-date.js';
import { isIsoWeek, type IsoWeek, mondayOfIsoWeek } from '../time/iso-week.js';
import { isPlacementKind, PLACEMENT_KINDS, type PlacementKind } from '../verification/participant-facts.js';

// The rules of a command's fields, said once: the domain checks them, and the HTTP edge builds its
// DTO fields (and their OpenAPI documentation) from the same patterns and limits.

/** Participant, placement and evidence ids: no colon (it separates a payment identity's parts). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const ID_RULE = '1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit';
/** A document's SHA-256, in hex of either case (recorded in lower case). */
export const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
/** Free text (a reason, a source, a reference): at most this many characters. */
export const MAX_TEXT_LENGTH = 500;
export const MAX_HOURS_PER_WEEK = 168;

export function commandData(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DomainError('invalid', 'invalid-command', 'The command has no data object.', { field: 'data' });
  }
  return data as Record<string, unknown>;
}

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new DomainError('invalid', 'invalid-id', `${field} must be ${ID_RULE}.`, { field });
  }
  return value;
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT_LENGTH) {
    throw new DomainError('invalid', 'invalid-field', `${field} must be a non-empty string of at most ${MAX_TEXT_LENGTH} characters.`, { field });
  }
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field);
}

const inPeriodRange = (date: CivilDate): boolean => compareDates(date, PERIOD_RANGE.earliest) >= 0 && compareDates(date, PERIOD_RANGE.latest) <= 0;

/** A date a command takes: a calendar day inside PERIOD_RANGE, the bound of a contract's period (§8). */
export function requireDate(value: unknown, field: string): CivilDate {
  if (!isCivilDate(value)) throw new DomainError('invalid', 'invalid-date', `${field} must be a calendar date in YYYY-MM-DD form.`, { field });
  if (!inPeriodRange(value))
    throw new DomainError('invalid', 'invalid-date', `${field} must lie between ${PERIOD_RANGE.earliest} and ${PERIOD_RANGE.latest}.`, { field });
  return value;
}

export function requireWeek(value: unknown, field: string): IsoWeek {
  if (!isIsoWeek(value)) throw new DomainError('invalid', 'invalid-week', `${field} must be an existing ISO week in YYYY-Www form.`, { field });
  if (!inPeriodRange(mondayOfIsoWeek(value))) {
    throw new DomainError('invalid', 'invalid-week', `${field} must be a week whose Monday lies between ${PERIOD_RANGE.earliest} and ${PERIOD_RANGE.latest}.`, {
      field,
    });
  }
  return value;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new DomainError('invalid', 'invalid-field', `${field} must be true or false.`, { field });
  return value;
}

export function requireKind(value: unknown, field: string): PlacementKind {
  if (!isPlacementKind(value)) {
    throw new DomainError('invalid', 'invalid-kind', `${field} must be one of ${PLACEMENT_KINDS.join(', ')}.`, { field });
  }
  return value;
}

export function requireHours(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_HOURS_PER_WEEK) {
    throw new DomainError('invalid', 'invalid-hours', `${field} must be a number of hours per week between 0 and ${MAX_HOURS_PER_WEEK}.`, { field });
  }
  return value;
}

export function requireSha256(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA256_PATTERN.test(value)) {
    throw new DomainError('invalid', 'invalid-document-hash', `${field} must be a SHA-256 digest as 64 hexadecimal characters.`, { field });
  }
  return value.toLowerCase();
}
