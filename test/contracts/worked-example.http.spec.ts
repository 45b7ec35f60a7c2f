import { ApiClient } from '#test-support/api-client.js';
import { impact60, SHA, weeks } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * docs/rules.md §5's worked example, line by line, through the real HTTP API: each row's facts are
 * recorded as the commissioner and provider would, and the outcomes the service records in
 * answer are checked to the øre and to the day.
 */
describe('the worked example of §5, over HTTP', () => {
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let p1: string;
  const C = '/contracts/aalborg-impact60';
  const outcomesOf = (response: { body: { events: Array<{ type: string; data: any }> } }) =>
    response.body.events.filter((e) => e.type.startsWith('Outcome')).map((e) => ({ type: e.type, ...e.data }));

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      'aalborg-kommune': { role: 'commissioner', contracts: ['aalborg-impact60'] },
      'fokus-folkeoplysning': { role: 'provider', contracts: ['aalborg-impact60'] },
    });
    commissioner = new ApiClient(t.baseUrl, tokens['aalborg-kommune']);
    provider = new ApiClient(t.baseUrl, tokens['fokus-folkeoplysning']);

    expect((await commissioner.post('/contracts', impact60())).status).toBe(201);
    expect((await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
    const referral = await commissioner.post(`${C}/referrals`, { cpr: '070190-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' });
    expect(referral.status).toBe(201);
    p1 = referral.body.participantId;
    expect((await provider.post(`${C}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07' })).status).toBe(201);
  });
  afterAll(() => t.close());

  const P = () => `${C}/participants/${p1}`;

  it('row 1: placement A with payroll evidence verifies JOB_START #1 on 2019-02-04 for 2,000,000', async () => {
    await provider.post(`${P()}/placements`, { placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' });
    await provider.post(`${P()}/placements/A/end`, { endDate: '2019-03-10', reason: 'contract ended' });
    const evidence = await provider.post(`${P()}/payroll-evidence`, {
      evidenceId: 'ev-A',
      placementId: 'A',
      periodFrom: '2019-02-04',
      periodTo: '2019-03-10',
      source: 'eIndkomst',
      documentSha256: SHA(1),
    });
    expect(evidence.status).toBe(201);
    expect(outcomesOf(evidence)).toEqual([
      expect.objectContaining({
        type: 'OutcomeVerified',
        outcomeCode: 'JOB_START',
        occurrence: 1,
        revision: 1,
        achievedOn: '2019-02-04',
        amount: 2_000_000,
        capReason: null,
      }),
    ]);
  });

  it('row 2: placement B: no second JOB_START (max 1); JOB_13W #1 on 2019-05-26 (35 days in A + 56 in B) for 3,000,000', async () => {
    const start = await provider.post(`${P()}/placements`, {
      placementId: 'B',
      employerRef: 'emp-2',
      kind: 'ordinary',
      hoursPerWeek: 30,
      startDate: '2019-04-01',
    });
    expect(outcomesOf(start)).toEqual([]);
    const evidence = await provider.post(`${P()}/payroll-evidence`, {
      evidenceId: 'ev-B1',
      placementId: 'B',
      periodFrom: '2019-04-01',
      periodTo: '2019-06-30',
      source: 'eIndkomst',
      documentSha256: SHA(2),
    });
    expect(outcomesOf(evidence)).toEqual([
      expect.objectContaining({ type: 'OutcomeVerified', outcomeCode: 'JOB_13W', occurrence: 1, achievedOn: '2019-05-26', amount: 3_000_000, capReason: null }),
    ]);
  });

  it('row 3: benefit weeks W06–W31 not paid verify SELF_SUPPORT_26W #1 on 2019-08-04 for 6,000,000; P1 reaches the cap', async () => {
    const outcomes = [];
    for (const week of weeks(2019, 6, 31)) {
      const response = await commissioner.post(`${P()}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' });
      expect(response.status).toBe(201);
      outcomes.push(...outcomesOf(response));
    }
    expect(outcomes).toEqual([
      expect.objectContaining({
        type: 'OutcomeVerified',
        outcomeCode: 'SELF_SUPPORT_26W',
        occurrence: 1,
        achievedOn: '2019-08-04',
        amount: 6_000_000,
        capReason: null,
      }),
    ]);
  });

  it('row 4: payroll evidence for B extended to 2019-08-25 verifies JOB_13W #2 (182 days) at 0, capped per participant', async () => {
    const evidence = await provider.post(`${P()}/payroll-evidence`, {
      evidenceId: 'ev-B2',
      placementId: 'B',
      periodFrom: '2019-07-01',
      periodTo: '2019-08-25',
      source: 'eIndkomst',
      documentSha256: SHA(3),
    });
    expect(outcomesOf(evidence)).toEqual([
      expect.objectContaining({
        type: 'OutcomeVerified',
        outcomeCode: 'JOB_13W',
        occurrence: 2,
        achievedOn: '2019-08-25',
        price: 3_000_000,
        amount: 0,
        capReason: 'participant-cap',
      }),
    ]);
  });

  it('row 5: the register correction of W20 reverses SELF_SUPPORT_26W #1 (-6,000,000); JOB_13W #2 stays at 0', async () => {
    const correction = await commissioner.post(`${P()}/benefit-weeks`, { week: '2019-W20', benefitPaid: true, source: 'DREAM correction' });
    expect(outcomesOf(correction)).toEqual([
      expect.objectContaining({
        type: 'OutcomeReversed',
        outcomeCode: 'SELF_SUPPORT_26W',
        occurrence: 1,
        amount: -6_000_000,
        paymentId: `aalborg-impact60:${p1}:SELF_SUPPORT_26W:1:1`,
      }),
    ]);
  });

  it('row 6: weeks W32–W46 verify SELF_SUPPORT_26W #1 anew (W21–W46) on 2019-11-17 for 6,000,000, with a new payment identity', async () => {
    const outcomes = [];
    for (const week of weeks(2019, 32, 46)) {
      outcomes.push(...outcomesOf(await commissioner.post(`${P()}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' })));
    }
    expect(outcomes).toEqual([
      expect.objectContaining({
        type: 'OutcomeVerified',
        outcomeCode: 'SELF_SUPPORT_26W',
        occurrence: 1,
        revision: 2,
        achievedOn: '2019-11-17',
        amount: 6_000_000,
        paymentId: `aalborg-impact60:${p1}:SELF_SUPPORT_26W:1:2`,
      }),
    ]);
  });

  it('names its actor and correlation id on every recorded fact', async () => {
    const response = await provider.post(
      `${P()}/placements`,
      { placementId: 'C', employerRef: 'emp-3', kind: 'education', hoursPerWeek: 10, startDate: '2019-12-02' },
      {
        'x-correlation-id': 'provider-batch-17',
      },
    );
    expect(response.status).toBe(201);
    const { rows } = await t.app
      .get((await import('#database')).Database)
      .pool.query(`SELECT metadata FROM es_events WHERE stream_id = 'contract-aalborg-impact60' ORDER BY stream_version DESC LIMIT 1`);
    expect(rows[0].metadata).toMatchObject({ actor: 'provider:fokus-folkeoplysning', correlationId: 'provider-batch-17' });
  });
});
