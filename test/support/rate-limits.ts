import type { INestApplication } from '@nestjs/common';
import { Database } from '#database';

/** A 429 of the rate limits: Retry-After in whole seconds (at least 1) and the error body naming the limit. */
export async function expectTooManyRequests(response: Response, error: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await response.json()).toEqual({ statusCode: 429, error, message: expect.stringMatching(/Retry after \d+ s\.$/) });
}

/**
 * Counts the app's queries of auth_tokens from now on, by observing and passing on its pool's
 * queries: `count` all of them, `loads` those loading every active token's hash (the rate limits' ActiveTokens).
 */
export function countTokenLookups(app: INestApplication): { readonly count: number; readonly loads: number } {
  const pool = app.get(Database).pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const counter = { count: 0, loads: 0 };
  pool.query = ((...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (text?.includes('FROM auth_tokens')) counter.count++;
    if (text?.startsWith('SELECT token_hash FROM auth_tokens')) counter.loads++;
    return query(...args);
  }) as typeof pool.query;
  return counter;
}

/**
 * A request as a client that honours a short Retry-After sends it: once more after the wait when
 * the first answer is 429 with a Retry-After of at most `maxWaitSeconds`.
 */
export async function fetchHonouringRetryAfter(url: string, init: RequestInit, maxWaitSeconds = 1): Promise<Response> {
  const first = await fetch(url, init);
  const wait = Number(first.headers.get('retry-after'));
  if (first.status !== 429 || !(wait <= maxWaitSeconds)) return first;
  await first.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  return fetch(url, init);
}
