import { Database } from '#database';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, createTokens } from '../support/tokens.js';

const UNKNOWN_TOKEN = `ovt_${'A'.repeat(43)}`;

async function expectTooManyRequests(response: Response, error: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await response.json()).toEqual({ statusCode: 429, error, message: expect.stringMatching(/Retry after \d+ s\.$/) });
}

describe('rate limits', () => {
  describe('per bearer token', () => {
    let t: TestApp;
    let tokens: Record<'first' | 'second', string>;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_WINDOW_MS: '600000' });
      tokens = await createTokens(t.app, {
        first: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' },
        second: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' },
      });
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After once a token has used its window, and only for that token', async () => {
      for (let i = 0; i < 5; i++) expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.first) })).status).toBe(200);
      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.first) }), 'too-many-requests');
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.second) })).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    });
  });

  describe('per address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_ADDRESS: '5', RATE_LIMIT_WINDOW_MS: '600000' });
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After once an address has used its window, with or without a token', async () => {
      for (let i = 0; i < 5; i++) expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
      await expectTooManyRequests(await fetch(`${t.baseUrl}/health`), 'too-many-requests');
      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) }), 'too-many-requests');
    });
  });

  describe('failed authentications per address', () => {
    let t: TestApp;
    let token: string;
    let lookups: number;
    beforeAll(async () => {
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_MS: '600000' });
      token = (await createTokens(t.app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } })).commissioner;
      // Observes (and passes on) the service's own queries, to count token lookups.
      const pool = t.app.get(Database).pool;
      const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
      lookups = 0;
      pool.query = ((...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
        if (text?.includes('FROM auth_tokens')) lookups++;
        return query(...args);
      }) as typeof pool.query;
    });
    afterAll(() => t.close());

    it('refuses tokens from an address after too many refused ones, with 429 and without looking them up', async () => {
      expect((await fetch(`${t.baseUrl}/me`)).status).toBe(401); // no token: not a failed authentication
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer('not-a-token') })).status).toBe(401);
      for (let i = 0; i < 2; i++) expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) })).status).toBe(401);
      expect(lookups).toBe(2);

      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) }), 'too-many-failed-authentications');
      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(token) }), 'too-many-failed-authentications');
      expect(lookups).toBe(2);
      expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    });
  });

  describe('defaults', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('do not limit a client sending thousands of requests on one token', async () => {
      const { commissioner } = await createTokens(t.app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' } });
      const statuses = new Map<number, number>();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 250; i++) {
            const { status } = await fetch(`${t.baseUrl}/me`, { headers: bearer(commissioner) });
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      expect(Object.fromEntries(statuses)).toEqual({ 200: 2000 });
    });
  });
});
