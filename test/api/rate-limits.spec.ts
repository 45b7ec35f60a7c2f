import { TokenService } from '#auth';
import { Database } from '#database';
import { countTokenLookups, expectTooManyRequests, fetchHonouringRetryAfter } from '#test-support/rate-limits.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { bearer, createTokens } from '#test-support/tokens.js';

const UNKNOWN_TOKEN = `ovt_${'A'.repeat(43)}`;

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
    let tokens: Record<'used' | 'unused', string>;
    let lookups: { readonly count: number; readonly loads: number };
    beforeAll(async () => {
      // No principal cache: a token known to be good is still looked up each time.
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_MS: '600000', TOKEN_CACHE_TTL_MS: '0' });
      tokens = await createTokens(t.app, {
        used: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' },
        unused: { name: 'den-sociale-kapitalfond', role: 'investor', contracts: '*' },
      });
      lookups = countTokenLookups(t.app);
    });
    afterAll(() => t.close());

    it('refuses tokens that are not active from an address after too many refused ones, with 429 and without looking them up', async () => {
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.used) })).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/me`)).status).toBe(401); // no token: not a failed authentication
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer('not-a-token') })).status).toBe(401);
      for (let i = 0; i < 2; i++) expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) })).status).toBe(401);
      expect(lookups).toEqual({ count: 3, loads: 0 });

      // Over the limit, a token not seen authenticated is checked against the active tokens, loaded now.
      const refused = await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500); // the window's end: not active as of a load made after it was asked
      await expectTooManyRequests(refused, 'too-many-failed-authentications');
      expect(lookups).toEqual({ count: 4, loads: 1 });
      // A valid token this process has not seen authenticated is among them: looked up and answered.
      const me = await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.unused) });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ name: 'den-sociale-kapitalfond', role: 'investor' });
      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(`ovt_${'B'.repeat(43)}`) }), 'too-many-failed-authentications');
      expect(lookups.count - lookups.loads).toBe(4); // the 3 below the limit and the valid token's
      expect(lookups.loads).toBeLessThanOrEqual(2); // one a second at most; these requests took well under 2
      expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    });

    it('answers a token created while the address is over the limit, at once or after a Retry-After of 1 s', async () => {
      const { fresh } = await createTokens(t.app, { fresh: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' } });
      const me = await fetchHonouringRetryAfter(`${t.baseUrl}/me`, { headers: bearer(fresh) });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ name: 'fokus-folkeoplysning', role: 'provider' });
    });

    it('never refuses a token it has seen authenticated, until it is refused itself', async () => {
      const me = await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.used) });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ name: 'aalborg-kommune', role: 'commissioner' });

      await t.app.get(TokenService).revoke('aalborg-kommune');
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.used) })).status).toBe(401);
      await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(tokens.used) }), 'too-many-failed-authentications');
    });
  });

  describe('failed authentications per address, with more active tokens than are held in memory (10,000)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '1', AUTH_FAILURE_WINDOW_MS: '600000' });
    });
    afterAll(() => t.close());

    it('refuses a valid token not seen authenticated, as every token not known to be good, until the window ends', async () => {
      await t.app
        .get(Database)
        .pool.query("INSERT INTO auth_tokens (token_hash, name, role) SELECT sha256(int4send(i)), 'bulk-' || i, 'auditor' FROM generate_series(1, 10000) AS i");
      const { unused } = await createTokens(t.app, { unused: { name: 'den-sociale-kapitalfond', role: 'investor', contracts: '*' } });
      expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) })).status).toBe(401);
      const refused = await fetchHonouringRetryAfter(`${t.baseUrl}/me`, { headers: bearer(unused) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
      await expectTooManyRequests(refused, 'too-many-failed-authentications');
    });
  });

  describe('failed authentications of one token from one address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '6', AUTH_FAILURE_LIMIT_PER_TOKEN: '2', AUTH_FAILURE_WINDOW_MS: '600000' });
    });
    afterAll(() => t.close());

    it("stop that token with 429 without spending the address's budget on its repeats", async () => {
      for (let i = 0; i < 2; i++) expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) })).status).toBe(401);
      for (let i = 0; i < 10; i++) {
        await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(UNKNOWN_TOKEN) }), 'too-many-failed-authentications');
      }
      // 2 of the address's 6 are spent: 4 other bad tokens are still looked up, the next is not.
      for (const letter of 'BCDE') expect((await fetch(`${t.baseUrl}/me`, { headers: bearer(`ovt_${letter.repeat(43)}`) })).status).toBe(401);
      const refused = await fetch(`${t.baseUrl}/me`, { headers: bearer(`ovt_${'F'.repeat(43)}`) });
      expect(((await refused.clone().json()) as { message: string }).message).toMatch(/^Too many refused bearer tokens from this address\./);
      await expectTooManyRequests(refused, 'too-many-failed-authentications');
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
