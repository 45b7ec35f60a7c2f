import { DomainError } from '#domain';
import { InvalidCursorError } from './log-cursor.js';
import { decodeKeyCursor, encodeKeyCursor, PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT, pageLimit, pageOf } from './page.js';

describe('the paging rule', () => {
  it('takes a limit from 1 to the maximum, the default when absent, and refuses any other naming limit', () => {
    expect([pageLimit(undefined), pageLimit(1), pageLimit(PAGE_MAX_LIMIT)]).toEqual([PAGE_DEFAULT_LIMIT, 1, 1000]);
    for (const limit of [0, -1, 1001, 2.5, Number.NaN]) {
      expect(() => pageLimit(limit)).toThrow(expect.objectContaining({ code: 'invalid-limit', field: 'limit' }) as DomainError);
    }
  });

  it('reads back the key of a cursor it made, of its own list and shape only', () => {
    const cursor = encodeKeyCursor('lines', ['2019-01-01T00:00:00.000000Z', 'ab', 7]);
    expect(decodeKeyCursor('lines', ['text', 'text', 'int'], cursor)).toEqual(['2019-01-01T00:00:00.000000Z', 'ab', 7]);
    expect(decodeKeyCursor('lines', ['int'], undefined)).toBeUndefined();
    expect(decodeKeyCursor('lines', ['int'], '')).toBeUndefined();
    const refused = [
      ['occurrences', ['int'], encodeKeyCursor('participants', [3])],
      ['occurrences', ['int'], encodeKeyCursor('occurrences', [-1])],
      ['occurrences', ['int'], encodeKeyCursor('occurrences', [1.5])],
      ['occurrences', ['int'], encodeKeyCursor('occurrences', ['3'])],
      ['occurrences', ['int'], encodeKeyCursor('occurrences', [3, 4])],
      ['occurrences', ['int'], `${encodeKeyCursor('occurrences', [3])}=`],
      ['occurrences', ['int'], Buffer.from('["occurrences", 3]').toString('base64url')],
      ['occurrences', ['int'], 'not-a-cursor'],
    ] as const;
    for (const [list, shape, cursor] of refused) expect(() => decodeKeyCursor(list, shape, cursor)).toThrow(InvalidCursorError);
  });

  it('makes a page of up to limit items from limit + 1 read: the cursor after its last, whether more are there', () => {
    const cursorOf = (n: number) => `after-${n}`;
    expect(pageOf([1, 2, 3], 2, cursorOf, 'given')).toEqual({ items: [1, 2], next: 'after-2', hasMore: true });
    expect(pageOf([1, 2], 2, cursorOf, 'given')).toEqual({ items: [1, 2], next: 'after-2', hasMore: false });
    // Nothing (yet) after the cursor: the same cursor again, to ask later.
    expect(pageOf([], 2, cursorOf, 'given')).toEqual({ items: [], next: 'given', hasMore: false });
  });
});
