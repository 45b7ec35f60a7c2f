import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/** Bad input gets a clear 4xx naming the field, and nothing is written. */
describe('bad input', () => {
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let p1: string;
  const C = '/contracts/aalborg-impact60';
  const eventCount = async (): Promise<number> => (await t.app.get(Database).pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      kommune: { role: 'commissioner', contracts: ['aalborg-impact60', 'broken'] },
      provider: { role: 'provider', contracts: ['aalborg-impact60'] },
    });
    commissioner = new ApiClient(t.baseUrl, tokens.kommune);
    provider = new ApiClient(t.baseUrl, tokens.provider);
    await commissioner.post('/contracts', impact60());
    await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' });
    p1 = (await commissioner.post(`${C}/referrals`, { cpr: '070190-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' })).body.participantId;
    await provider.post(`${C}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07' });
    await provider.post(`${C}/participants/${p1}/placements`, {
      placementId: 'A',
      employerRef: 'e',
      kind: 'ordinary',
      hoursPerWeek: 20,
      startDate: '2019-02-04',
    });
  });
  afterAll(() => t.close());

  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string | undefined]> = [
    [
      'a definition with an end before its start',
      () => commissioner.post('/contracts', { ...impact60('broken'), period: { start: '2022-01-01', end: '2021-01-01' } }),
      400,
      'period',
    ],
    [
      'a definition with a negative price',
      () => {
        const definition = impact60('broken');
        definition.outcomes[0].price = -1;
        return commissioner.post('/contracts', definition);
      },
      400,
      'outcomes[0].price',
    ],
    [
      'a date that is no date',
      () =>
        provider.post(`${C}/participants/${p1}/placements`, {
          placementId: 'B',
          employerRef: 'e',
          kind: 'ordinary',
          hoursPerWeek: 20,
          startDate: '2019-02-30',
        }),
      400,
      'startDate',
    ],
    [
      'a date in the wrong shape',
      () =>
        provider.post(`${C}/participants/${p1}/placements`, {
          placementId: 'A',
          employerRef: 'e',
          kind: 'ordinary',
          hoursPerWeek: 20,
          startDate: '04-02-2019',
        }),
      400,
      'startDate',
    ],
    [
      'an unknown placement kind',
      () =>
        provider.post(`${C}/participants/${p1}/placements`, {
          placementId: 'B',
          employerRef: 'e',
          kind: 'volunteer',
          hoursPerWeek: 20,
          startDate: '2019-02-04',
        }),
      400,
      'kind',
    ],
    [
      'negative hours',
      () =>
        provider.post(`${C}/participants/${p1}/placements`, {
          placementId: 'A',
          employerRef: 'e',
          kind: 'ordinary',
          hoursPerWeek: -3,
          startDate: '2019-02-04',
        }),
      400,
      'hoursPerWeek',
    ],
    [
      'a missing field',
      () => provider.post(`${C}/participants/${p1}/placements`, { placementId: 'A', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' }),
      400,
      'employerRef',
    ],
    ['an unknown field', () => provider.post(`${C}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07', note: 'x' }), 400, 'note'],
    [
      'a week that does not exist (2019 has no week 53)',
      () => commissioner.post(`${C}/participants/${p1}/benefit-weeks`, { week: '2019-W53', benefitPaid: false, source: 'DREAM' }),
      400,
      'week',
    ],
    [
      'a payroll period that ends before it starts',
      () =>
        provider.post(`${C}/participants/${p1}/payroll-evidence`, {
          evidenceId: 'e1',
          placementId: 'A',
          periodFrom: '2019-03-01',
          periodTo: '2019-02-01',
          source: 's',
          documentSha256: SHA(1),
        }),
      400,
      'periodTo',
    ],
    [
      'a malformed document hash',
      () =>
        provider.post(`${C}/participants/${p1}/payroll-evidence`, {
          evidenceId: 'e1',
          placementId: 'A',
          periodFrom: '2019-02-01',
          periodTo: '2019-03-01',
          source: 's',
          documentSha256: 'abc',
        }),
      400,
      'documentSha256',
    ],
    [
      'evidence for a placement never recorded',
      () =>
        provider.post(`${C}/participants/${p1}/payroll-evidence`, {
          evidenceId: 'e1',
          placementId: 'nope',
          periodFrom: '2019-02-01',
          periodTo: '2019-03-01',
          source: 's',
          documentSha256: SHA(1),
        }),
      404,
      'placementId',
    ],
    [
      'a fact about an unknown participant',
      () => provider.post(`${C}/participants/p_${'0'.repeat(32)}/enrolment`, { enrolledOn: '2019-01-07' }),
      409,
      'participantId',
    ],
    ['a participant id that is no pseudonym', () => provider.post(`${C}/participants/P1/enrolment`, { enrolledOn: '2019-01-07' }), 400, 'participantId'],
    ['a second enrolment', () => provider.post(`${C}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-08' }), 409, undefined],
    ['a fact on a contract that does not exist', () => commissioner.post('/contracts/broken/activation', { activatedOn: '2019-01-01' }), 404, undefined],
    [
      'a malformed idempotency key',
      () => provider.post(`${C}/participants/${p1}/withdrawal`, { withdrawnOn: '2019-06-01', reason: 'x' }, { 'idempotency-key': 'no spaces allowed' }),
      400,
      'Idempotency-Key',
    ],
    [
      'JSON that does not parse',
      () => provider.post(`${C}/participants/${p1}/enrolment`, '{"enrolledOn": ', { 'content-type': 'application/json' }),
      400,
      undefined,
    ],
  ];

  it.each(cases)('refuses %s with a clear 4xx and writes nothing', async (_, send, status, field) => {
    const before = await eventCount();
    const response = await send();
    expect(response.status).toBe(status);
    expect(typeof response.body.message).toBe('string');
    expect(response.body.message.length).toBeGreaterThan(5);
    if (field) {
      const named = [response.body.field, ...(response.body.details ?? []).map((d: { path: string }) => d.path)];
      expect(named.some((name) => name === field || String(name).startsWith(field))).toBe(true);
    }
    expect(await eventCount()).toBe(before);
  });

  it('answers a retried request (same Idempotency-Key) with the first result and records nothing new', async () => {
    const body = { placementId: 'R', employerRef: 'e', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' };
    const headers = { 'idempotency-key': 'provider-system-req-0001' };
    const first = await provider.post(`${C}/participants/${p1}/placements`, body, headers);
    const before = await eventCount();
    const retry = await provider.post(`${C}/participants/${p1}/placements`, body, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.duplicate).toBe(true);
    expect(retry.body.events).toEqual(first.body.events);
    expect(await eventCount()).toBe(before);
  });
});
