import type { INestApplication } from '@nestjs/common';
import { Database } from '#database';

/** A 429 of the rate limits: Retry-After in whole seconds (at least 1) and the error body naming the limit. */
export async function expectTooManyRequests(response: Response, error: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await response.json()).toEqual({ statusCode: 429, error, message: expect.stringMatching(/Retry after \d+ s\.$/) });
}

/** Counts the app's token lookups (queries of auth_tokens) from now on, by observing and passing on its pool's queries. */
export function countTokenLookups(app: INestApplication): { readonly count: number } {
  const pool = app.get(Database).pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const counter = { count: 0 };
  pool.query = ((...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (text?.includes('FROM auth_tokens')) counter.count++;
    return query(...args);
  }) as typeof pool.query;
  return counter;
}
