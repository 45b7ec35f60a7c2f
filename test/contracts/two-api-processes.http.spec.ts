import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60, weeks } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * Two API processes on one database. A version race between them is the service's business, not
 * the client's: every valid fact is recorded, none answers 409; a contract that stays busy past
 * the service's patience answers 503 with Retry-After, having recorded nothing.
 */
describe('two API processes on one database', () => {
  const C = '/contracts/aalborg-impact60';
  const STREAM = 'contract-aalborg-impact60';
  let first: TestApp;
  let second: TestApp;
  let tokens: Record<'kommune' | 'fokus', string>;
  const countOf = async (type: string): Promise<number> =>
    (await first.app.get(Database).pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events WHERE event_type = $1', [type])).rows[0].n;

  beforeAll(async () => {
    first = await startTestApp({ DB_POOL_SIZE: '12' });
    second = await startTestApp({ DB_POOL_SIZE: '12' }, { database: first.db });
    tokens = await createTokens(first.app, {
      kommune: { name: 'aalborg-kommune', role: 'commissioner', contracts: ['aalborg-impact60'] },
      fokus: { name: 'fokus-folkeoplysning', role: 'provider', contracts: ['aalborg-impact60'] },
    });
    const commissioner = new ApiClient(first.baseUrl, tokens.kommune);
    expect((await commissioner.post('/contracts', impact60())).status).toBe(201);
    expect((await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('records every valid fact sent to both at once: all 201, none 409', async () => {
    const commissioner = new ApiClient(first.baseUrl, tokens.kommune);
    const provider = new ApiClient(first.baseUrl, tokens.fokus);
    const participants: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = (await commissioner.post(`${C}/referrals`, { cpr: `0${i + 1}0190-${1000 + i}`, referredOn: '2019-01-02', intakeOutcome: 'accepted' })).body
        .participantId;
      expect((await provider.post(`${C}/participants/${id}/enrolment`, { enrolledOn: '2019-01-07' })).status).toBe(201);
      participants.push(id);
    }
    const before = await countOf('BenefitWeekRecorded');
    const statuses = new Map<number, number>();
    // Eight clients, four on each process, each recording its participant's weeks one after another.
    await Promise.all(
      participants.map(async (participantId, i) => {
        const client = new ApiClient((i % 2 === 0 ? first : second).baseUrl, tokens.kommune);
        for (const week of weeks(2019, 2, 40)) {
          const response = await client.post(`${C}/participants/${participantId}/benefit-weeks`, { week, benefitPaid: i % 3 === 0, source: 'DREAM' });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 201: 8 * 39 });
    expect(await countOf('BenefitWeekRecorded')).toBe(before + 8 * 39);
  });

  it('answers 503 with Retry-After, recording nothing, while another writer holds the contract; the same request then succeeds', async () => {
    // A third process that has not seen the contract yet, so it reads it under the lock.
    const third = await startTestApp({}, { database: first.db });
    try {
      const commissioner = new ApiClient(third.baseUrl, tokens.kommune);
      const before = await countOf('ParticipantReferred');
      const competitor = await first.app.get(Database).pool.connect();
      let busy;
      try {
        await competitor.query('BEGIN');
        await competitor.query('UPDATE es_streams SET updated_at = now() WHERE stream_id = $1', [STREAM]);
        busy = await commissioner.post(
          `${C}/referrals`,
          { cpr: '111111-1118', referredOn: '2019-01-02', intakeOutcome: 'accepted' },
          { 'idempotency-key': 'busy-referral-1' },
        );
      } finally {
        await competitor.query('ROLLBACK');
        competitor.release();
      }
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(busy.body).toMatchObject({ statusCode: 503, error: 'contract-busy' });
      expect(busy.body.message).not.toContain('111111');
      expect(await countOf('ParticipantReferred')).toBe(before);

      const retry = await commissioner.post(
        `${C}/referrals`,
        { cpr: '111111-1118', referredOn: '2019-01-02', intakeOutcome: 'accepted' },
        { 'idempotency-key': 'busy-referral-1' },
      );
      expect(retry.status).toBe(201);
      expect(retry.body.duplicate).toBe(false);
      expect(await countOf('ParticipantReferred')).toBe(before + 1);
    } finally {
      await third.close();
    }
  }, 30_000);
});
