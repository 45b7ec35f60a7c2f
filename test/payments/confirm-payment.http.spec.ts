import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample, type WorkedExample } from '#test-support/worked-example.js';
import { page, TYPES } from './feed-client.js';

/**
 * `POST /contracts/:contractId/payments/:paymentId/confirmation` is idempotent by payment
 * identity: however often, however concurrently the payment service confirms a payment, one
 * PaymentConfirmed is recorded; a second, different reference is refused.
 */
describe('confirming payments, over HTTP', () => {
  let t: TestApp;
  let example: WorkedExample;
  let payer: ApiClient;
  let clients: Record<string, ApiClient>;
  const A = 'aalborg-impact60';
  const LONG = `aalborg-${'x'.repeat(47)}-impact60`; // the longest contract id: 64 characters
  const confirmationPath = (paymentId: string, contractId = A) => `/contracts/${contractId}/payments/${encodeURIComponent(paymentId)}/confirmation`;

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { role: 'commissioner', contracts: [A, LONG] },
      provider: { role: 'provider', contracts: [A, LONG] },
      payer: { role: 'payment-service', contracts: [A, LONG] },
      'payer-elsewhere': { role: 'payment-service', contracts: ['odense-impact'] },
    });
    clients = Object.fromEntries(Object.entries(tokens).map(([key, token]) => [key, new ApiClient(t.baseUrl, token)]));
    payer = clients.payer;
    example = await recordWorkedExample({ commissioner: clients.commissioner, provider: clients.provider });
  });
  afterAll(() => t.close());

  async function confirmationsOf(paymentId: string): Promise<Array<{ reference: string; amount: number }>> {
    const { rows } = await t.app
      .get(Database)
      .pool.query(`SELECT data FROM es_events WHERE event_type = 'PaymentConfirmed' AND data->>'paymentId' = $1 ORDER BY global_position`, [paymentId]);
    return rows.map((row) => row.data);
  }

  it('answers 201 to the same confirmation twice and records one PaymentConfirmed', async () => {
    const paymentId = example.paymentId('JOB_START', 1);
    const body = { reference: 'PAY-2019-000123', confirmedOn: '2019-03-01' };
    const first = await payer.post(confirmationPath(paymentId), body);
    expect(first.status).toBe(201);
    expect(first.body.events).toEqual([
      expect.objectContaining({ type: 'PaymentConfirmed', data: { paymentId, reference: 'PAY-2019-000123', confirmedOn: '2019-03-01', amount: 2_000_000 } }),
    ]);
    const second = await payer.post(confirmationPath(paymentId), body);
    expect(second.status).toBe(201);
    expect(second.body.events).toEqual([]);
    expect(second.body.version).toBe(first.body.version);
    // A retry under the same Idempotency-Key answers with what the first attempt recorded.
    const keyed = { 'idempotency-key': 'confirm-job-start-1' };
    const k1 = await payer.post(confirmationPath(paymentId), body, keyed);
    const k2 = await payer.post(confirmationPath(paymentId), body, keyed);
    expect([k1.status, k2.status]).toEqual([201, 201]);
    expect(await confirmationsOf(paymentId)).toEqual([{ paymentId, reference: 'PAY-2019-000123', confirmedOn: '2019-03-01', amount: 2_000_000 }]);
  });

  it('refuses another reference for a payment already confirmed with 409, recording nothing', async () => {
    const paymentId = example.paymentId('JOB_START', 1);
    const response = await payer.post(confirmationPath(paymentId), { reference: 'PAY-OTHER', confirmedOn: '2019-03-02' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'payment-already-confirmed', field: 'reference' });
    expect(await confirmationsOf(paymentId)).toHaveLength(1);
  });

  it('refuses a confirmation dated outside 1900-01-01..2999-12-31 with 400 naming confirmedOn, recording nothing', async () => {
    const paymentId = example.paymentId('JOB_13W', 1);
    for (const confirmedOn of ['9999-12-31', '3000-01-01', '1899-12-31']) {
      const response = await payer.post(confirmationPath(paymentId), { reference: 'PAY-FAR', confirmedOn });
      expect({ confirmedOn, status: response.status, body: response.body }).toMatchObject({
        confirmedOn,
        status: 400,
        body: { error: 'invalid-date', field: 'confirmedOn' },
      });
    }
    expect(await confirmationsOf(paymentId)).toEqual([]);
  });

  it('answers 404 for a payment identity that was never verified', async () => {
    for (const paymentId of [example.paymentId('JOB_START', 1, 9), example.paymentId('SELF_SUPPORT_26W', 1, 3), 'nothing-like-a-payment-id']) {
      const response = await payer.post(confirmationPath(paymentId), { reference: 'PAY-X', confirmedOn: '2019-03-02' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'payment-not-found', field: 'paymentId' });
      expect(await confirmationsOf(paymentId)).toEqual([]);
    }
  });

  it('records exactly one PaymentConfirmed for 10 concurrent identical confirmations', async () => {
    const paymentId = example.paymentId('JOB_13W', 1);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => payer.post(confirmationPath(paymentId), { reference: 'PAY-2019-000200', confirmedOn: '2019-06-03' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(responses.filter((r) => r.body.events.length === 1)).toHaveLength(1);
    expect(await confirmationsOf(paymentId)).toEqual([{ paymentId, reference: 'PAY-2019-000200', confirmedOn: '2019-06-03', amount: 3_000_000 }]);
  });

  it('lets exactly one of 10 concurrent confirmations with different references win; the rest get 409', async () => {
    const paymentId = example.paymentId('SELF_SUPPORT_26W', 1, 2);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => payer.post(confirmationPath(paymentId), { reference: `PAY-RACE-${i}`, confirmedOn: '2019-11-20' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = responses.find((r) => r.status === 201)!;
    const stored = await confirmationsOf(paymentId);
    expect(stored).toHaveLength(1);
    expect(stored[0].reference).toBe(winner.body.events[0].data.reference);
  });

  it('records the amount verified, 0 for a capped occurrence', async () => {
    const paymentId = example.paymentId('JOB_13W', 2);
    const response = await payer.post(confirmationPath(paymentId), { reference: 'PAY-ZERO', confirmedOn: '2019-08-30' });
    expect(response.status).toBe(201);
    expect(response.body.events[0].data).toMatchObject({ paymentId, amount: 0 });
  });

  it('lets only the payment service of the contract confirm', async () => {
    const paymentId = example.paymentId('SELF_SUPPORT_26W', 1, 1);
    const body = { reference: 'PAY-NOPE', confirmedOn: '2019-08-10' };
    expect(await clients['payer-elsewhere'].post(confirmationPath(paymentId), body)).toMatchObject({ status: 404, body: { error: 'contract-not-found' } });
    expect((await clients.commissioner.post(confirmationPath(paymentId), body)).status).toBe(403);
    expect((await clients.provider.post(confirmationPath(paymentId), body)).status).toBe(403);
    expect(await confirmationsOf(paymentId)).toEqual([]);
  });

  it('shows each confirmation once in the feed, after the outcome it confirms', async () => {
    const { events } = await page(payer, '/feed/payments');
    const confirmed = events.filter((e) => e.type === TYPES.confirmed);
    expect(confirmed.map((e) => [e.subject, e.data.reference])).toEqual([
      [example.paymentId('JOB_START', 1), 'PAY-2019-000123'],
      [example.paymentId('JOB_13W', 1), 'PAY-2019-000200'],
      [example.paymentId('SELF_SUPPORT_26W', 1, 2), expect.stringMatching(/^PAY-RACE-\d$/)],
      [example.paymentId('JOB_13W', 2), 'PAY-ZERO'],
    ]);
    for (const confirmation of confirmed) {
      const verifiedAt = events.findIndex((e) => e.type === TYPES.verified && e.subject === confirmation.subject);
      expect(verifiedAt).toBeGreaterThanOrEqual(0);
      expect(verifiedAt).toBeLessThan(events.indexOf(confirmation));
    }
    expect(events.filter((e) => e.type !== TYPES.confirmed)).toHaveLength(6);
  });

  it('confirms a payment whose identity is longer than a router’s default path segment (100 characters)', async () => {
    const long = await recordWorkedExample(
      { commissioner: clients.commissioner, provider: clients.provider },
      { contractId: LONG, upToRow: 1, cpr: '080190-1235' },
    );
    const paymentId = long.paymentId('JOB_START', 1);
    expect(paymentId.length).toBeGreaterThan(110);
    const response = await payer.post(confirmationPath(paymentId, LONG), { reference: 'PAY-LONG', confirmedOn: '2019-03-01' });
    expect(response.status).toBe(201);
    expect(response.body.events[0].data).toMatchObject({ paymentId, amount: 2_000_000 });
    expect((await clients.commissioner.get(`/contracts/${LONG}/occurrences/${encodeURIComponent(paymentId)}`)).status).toBe(200);
  });
});
