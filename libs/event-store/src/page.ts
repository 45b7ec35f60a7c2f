import { DomainError } from '#domain';
import { InvalidCursorError } from './log-cursor.js';

/**
 * The paging rule every list and feed of the service follows (docs/reading.md#paging): `after`, an
 * opaque cursor the list handed out (`next`); `limit`, from 1 to PAGE_MAX_LIMIT, PAGE_DEFAULT_LIMIT
 * when absent; the answer's `next` and `hasMore`. A bad limit is a 400 `invalid-limit` naming
 * `limit`; a cursor the list did not hand out, a 400 `invalid-cursor` naming `after`.
 */
export const PAGE_DEFAULT_LIMIT = 100;
export const PAGE_MAX_LIMIT = 1000;

/** What every page says besides its items. */
export interface PageLinks {
  /**
   * Pass as `after` for the next page: the cursor after this page's last item; when the page is
   * empty, the cursor that was given (nothing was skipped: ask again later with it).
   */
  next: string;
  /** More items are already there: ask again at once with `next`. */
  hasMore: boolean;
}

/** The limit asked for, checked; the default when absent. */
export function pageLimit(limit: number | undefined): number {
  const checked = limit ?? PAGE_DEFAULT_LIMIT;
  if (!Number.isInteger(checked) || checked < 1 || checked > PAGE_MAX_LIMIT) {
    throw new DomainError('invalid', 'invalid-limit', `limit must be an integer from 1 to ${PAGE_MAX_LIMIT}.`, { field: 'limit' });
  }
  return checked;
}

/** The parts of a keyset cursor: whole numbers (positions, indexes) and text (instants, digests). */
export type CursorKey = ReadonlyArray<number | string>;
type KeyShape = ReadonlyArray<'int' | 'text'>;

/**
 * A keyset cursor of one list: the key of the last item handed out, with the list's name, so that
 * one list's cursor is refused by another. Opaque to clients (base64url of a JSON array).
 */
export function encodeKeyCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/**
 * The key of a cursor `encodeKeyCursor(list, key)` made, with parts of the shape given; undefined
 * when absent (the list's start). Anything else is an InvalidCursorError (400 naming `after`).
 */
export function decodeKeyCursor<K extends CursorKey>(list: string, shape: KeyShape, cursor: string | undefined | null): K | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parts) || parts.length !== shape.length + 1 || parts[0] !== list) throw new InvalidCursorError();
  const key = parts.slice(1) as Array<number | string>;
  const fits = key.every((part, i) => (shape[i] === 'int' ? Number.isSafeInteger(part) && (part as number) >= 0 : typeof part === 'string'));
  // Only the very text encodeKeyCursor makes (no other spelling of the same key).
  if (!fits || encodeKeyCursor(list, key) !== cursor) throw new InvalidCursorError();
  return key as unknown as K;
}

/**
 * A page from up to limit + 1 items read in the list's order (the one past the limit only says
 * that there is more): its items, the cursor after its last (`given`, the cursor asked after or the
 * list's start, when it is empty), and whether more are there.
 */
export function pageOf<T>(read: readonly T[], limit: number, cursorOf: (item: T) => string, given: string): { items: T[] } & PageLinks {
  const hasMore = read.length > limit;
  const items = hasMore ? read.slice(0, limit) : [...read];
  const last = items[items.length - 1];
  return { items, next: last === undefined ? given : cursorOf(last), hasMore };
}
