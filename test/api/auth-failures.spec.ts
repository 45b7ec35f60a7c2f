import { generateToken } from '#auth';
import { countTokenLookups, expectTooManyRequests, fetchHonouringRetryAfter } from '#test-support/rate-limits.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { bearer, createTokens } from '#test-support/tokens.js';

const STORM = 1_000;
const ATTACKERS = 8;
const AUTH_FAILURE_LIMIT = 50; // the default

interface ValidClient {
  name: string;
  path: string;
  token: string;
  /** What its answer must be, as the service writes it. */
  expected: string;
}

interface Measured {
  latenciesMs: number[];
  /** Answers other than the expected 200 and body, as "status body". */
  wrong: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One client asking its question over and over, one request at a time, while `more()` says so (at least `minimum` times). */
async function ask(t: TestApp, client: ValidClient, minimum: number, more: () => boolean): Promise<Measured> {
  const measured: Measured = { latenciesMs: [], wrong: [] };
  while (measured.latenciesMs.length < minimum || more()) {
    const started = performance.now();
    const response = await fetch(`${t.baseUrl}${client.path}`, { headers: bearer(client.token) });
    const body = await response.text();
    measured.latenciesMs.push(performance.now() - started);
    if (response.status !== 200 || body !== client.expected) measured.wrong.push(`${response.status} ${body}`);
  }
  return measured;
}

/**
 * Issue 18: one client behind a shared address sending bad tokens must not lock out the valid
 * clients at that address. Everything here comes from 127.0.0.1.
 */
describe('a storm of bad tokens from the address of valid clients', () => {
  let t: TestApp;
  let clients: ValidClient[];
  /** A valid token not used before the storm ends. */
  let unused: string;
  let lookups: { readonly count: number; readonly loads: number };
  beforeAll(async () => {
    // The failure limits' defaults; the valid tokens stay in TokenService's cache however slow the run, so every lookup is a bad token's.
    t = await startTestApp({ TOKEN_CACHE_TTL_MS: '3600000' });
    const tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: '*' },
      payments: { name: 'udbetaling-danmark', role: 'payment-service', contracts: '*' },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
      unused: { name: 'den-sociale-kapitalfond', role: 'investor', contracts: '*' },
    });
    unused = tokens.unused;
    clients = [
      {
        name: 'commissioner',
        path: '/me',
        token: tokens.commissioner,
        expected: JSON.stringify({ name: 'aalborg-kommune', role: 'commissioner', party: null, contracts: '*' }),
      },
      { name: 'payment service', path: '/feed/payments', token: tokens.payments, expected: JSON.stringify({ events: [], next: 'MC4w', hasMore: false }) },
      {
        name: 'auditor',
        path: '/me',
        token: tokens.auditor,
        expected: JSON.stringify({ name: 'rigsrevisionen', role: 'auditor', party: null, contracts: '*' }),
      },
    ];
    lookups = countTokenLookups(t.app);
  });
  afterAll(() => t.close());

  it('keeps answering the valid clients, as fast as before, and refuses the bad tokens with 429 after their budget', async () => {
    const before = await Promise.all(clients.map((client) => ask(t, client, 100, () => false)));
    const lookupsBefore = lookups.count;
    const stormStarted = performance.now();

    let stormOver = false;
    const attackAnswers: Response[] = [];
    const storm = (async () => {
      let sent = 0;
      await Promise.all(
        Array.from({ length: ATTACKERS }, async () => {
          while (sent < STORM) {
            sent++;
            const response = await fetch(`${t.baseUrl}/me`, { headers: bearer(generateToken()) });
            await response.arrayBuffer();
            attackAnswers.push(response);
          }
        }),
      );
      stormOver = true;
    })();
    const during = await Promise.all(clients.map((client) => ask(t, client, 20, () => !stormOver)));
    await storm;
    const stormSeconds = (performance.now() - stormStarted) / 1000;

    for (const [i, client] of clients.entries()) {
      expect({ client: client.name, wrong: before[i].wrong.concat(during[i].wrong) }).toEqual({ client: client.name, wrong: [] });
      // The storm's 8 senders share the event loop (and this test's process) with the 3 clients, so
      // each waits behind about 11 requests instead of 3: ~3x measured, on a loaded machine or not.
      // A client locked out fails the check above; one made to wait for the storm, this generous bound.
      const slowdown = median(during[i].latenciesMs) / median(before[i].latenciesMs);
      expect({ client: client.name, slowdown: slowdown < 10 }).toEqual({ client: client.name, slowdown: true });
    }

    const statuses = attackAnswers.map((response) => response.status);
    expect(statuses).toHaveLength(STORM);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    const lookedUp = statuses.filter((status) => status === 401).length;
    expect(lookedUp).toBeGreaterThanOrEqual(AUTH_FAILURE_LIMIT);
    expect(lookedUp).toBeLessThanOrEqual(AUTH_FAILURE_LIMIT + ATTACKERS); // those in flight when the budget ran out
    // Over the budget, the active tokens are loaded at most once a second, however many bad tokens come.
    expect(lookups.loads).toBeGreaterThanOrEqual(1);
    expect(lookups.loads).toBeLessThanOrEqual(Math.ceil(stormSeconds) + 1);
    expect(lookups.count - lookupsBefore - lookups.loads).toBe(lookedUp);
    expect(statuses.slice(-100)).toEqual(Array(100).fill(429));
    // The window's end; or, for a token checked against a load made before it came, the next load's (it may be newer).
    for (const response of attackAnswers.filter((r) => r.status === 429)) {
      const retryAfter = Number(response.headers.get('retry-after'));
      expect({ retryAfter, ok: retryAfter === 1 || (retryAfter > 800 && retryAfter <= 900) }).toEqual({ retryAfter, ok: true });
    }

    const loadsAfterStorm = lookups.loads;
    const afterStorm = performance.now();
    await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(generateToken()) }), 'too-many-failed-authentications');
    for (const client of clients) expect((await ask(t, client, 1, () => false)).wrong).toEqual([]);
    // Valid tokens this process has never seen authenticated: one made before the storm, one after it.
    const { fresh } = await createTokens(t.app, { fresh: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' } });
    for (const [token, name] of [
      [unused, 'den-sociale-kapitalfond'],
      [fresh, 'fokus-folkeoplysning'],
    ] as const) {
      const me = await fetchHonouringRetryAfter(`${t.baseUrl}/me`, { headers: bearer(token) });
      expect({ name, status: me.status }).toEqual({ name, status: 200 });
      expect(await me.json()).toMatchObject({ name });
    }
    await expectTooManyRequests(await fetch(`${t.baseUrl}/me`, { headers: bearer(generateToken()) }), 'too-many-failed-authentications');
    expect(lookups.loads - loadsAfterStorm).toBeLessThanOrEqual(Math.ceil((performance.now() - afterStorm) / 1000) + 1);
  });
});

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  /** Bad tokens as if from `client` through this test's loopback "proxy". */
  const badTokenFrom = (t: TestApp, client: string): Promise<Response> =>
    fetch(`${t.baseUrl}/me`, { headers: { ...bearer(generateToken()), 'x-forwarded-for': client } });

  async function spendBudgetOf(t: TestApp, client: string): Promise<void> {
    for (let i = 0; i < 3; i++) expect((await badTokenFrom(t, client)).status).toBe(401);
    await expectTooManyRequests(await badTokenFrom(t, client), 'too-many-failed-authentications');
  }

  it('when the proxy is trusted, X-Forwarded-For names the client, and two clients are limited separately', async () => {
    const t = await startTestApp({ TRUST_PROXY: '127.0.0.1', AUTH_FAILURE_LIMIT: '3' });
    try {
      await spendBudgetOf(t, '203.0.113.7');
      expect((await badTokenFrom(t, '203.0.113.8')).status).toBe(401);
      // The address the trusted proxy saw is the client, whatever the client wrote before it.
      await expectTooManyRequests(await badTokenFrom(t, '198.51.100.1, 203.0.113.7'), 'too-many-failed-authentications');
    } finally {
      await t.close();
    }
  });

  it('by default, X-Forwarded-For is ignored: the TCP peer is the client', async () => {
    const t = await startTestApp({ AUTH_FAILURE_LIMIT: '3' });
    try {
      await spendBudgetOf(t, '203.0.113.7');
      await expectTooManyRequests(await badTokenFrom(t, '203.0.113.8'), 'too-many-failed-authentications');
    } finally {
      await t.close();
    }
  });
});
