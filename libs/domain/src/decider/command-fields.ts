import { DomainError } from '../shared/domain.error.js';
import { isCivilDate, type CivilDate } from '../time/civil-date.js';
import { isIsoWeek, type IsoWeek } from '../time/iso-week.js';
import { isPlacementKind, PLACEMENT_KINDS, type PlacementKind } from '../verification/participant-facts.js';

/** Participant, placement and evidence ids: no colon (it separates a payment identity's parts). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;

export function commandData(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DomainError('invalid-command', 'The command has no data object.', { field: 'data' });
  }
  return data as Record<string, unknown>;
}

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new DomainError('invalid-id', `${field} must be 1-128 letters, digits, dots, dashes or underscores.`, { field });
  }
  return value;
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('invalid-field', `${field} must be a non-empty string.`, { field });
  }
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field);
}

export function requireDate(value: unknown, field: string): CivilDate {
  if (!isCivilDate(value)) throw new DomainError('invalid-date', `${field} must be a calendar date in YYYY-MM-DD form.`, { field });
  return value;
}

export function requireWeek(value: unknown, field: string): IsoWeek {
  if (!isIsoWeek(value)) throw new DomainError('invalid-week', `${field} must be an existing ISO week in YYYY-Www form.`, { field });
  return value;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new DomainError('invalid-field', `${field} must be true or false.`, { field });
  return value;
}

export function requireKind(value: unknown, field: string): PlacementKind {
  if (!isPlacementKind(value)) {
    throw new DomainError('invalid-kind', `${field} must be one of ${PLACEMENT_KINDS.join(', ')}.`, { field });
  }
  return value;
}

export function requireHours(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 168) {
    throw new DomainError('invalid-hours', `${field} must be a number of hours per week between 0 and 168.`, { field });
  }
  return value;
}

export function requireSha256(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA256_PATTERN.test(value)) {
    throw new DomainError('invalid-document-hash', `${field} must be a SHA-256 digest as 64 hexadecimal characters.`, { field });
  }
  return value.toLowerCase();
}
