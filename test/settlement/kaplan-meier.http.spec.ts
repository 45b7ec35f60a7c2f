import { parse } from 'csv-parse/sync';
import type { ExpectedValueTermination } from '#domain';
import { smallSettlementContract } from '#domain/testing/settlement.scenario.js';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

function created(step: string, response: ApiResponse): ApiResponse {
  if (response.status !== 201) throw new Error(`${step}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/**
 * Rates "kaplanMeier" over HTTP (docs/rules.md §7): the small settlement scenario of the domain's
 * tests (libs/domain/src/testing/settlement.scenario.ts) on a contract whose definition names
 * kaplanMeier (horizon 4 weeks, minSample 2): the what-if and its rates= override, the comparison
 * of the methods, the termination and its settlement with p/10000 rates; then the refusals.
 */
describe('rates "kaplanMeier", over HTTP', () => {
  let t: TestApp;
  let as: Record<'commissioner' | 'provider' | 'investor' | 'auditor', ApiClient>;
  const K = 'km-contract';
  const C = `/contracts/${K}`;
  const T = '2019-03-31';
  const PARTIES = { commissioner: 'small-kommune', investor: 'small-fund', provider: 'small-provider' };
  /** Pseudonym → P1..P4. */
  const names = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { name: PARTIES.commissioner, role: 'commissioner', contracts: [K] },
      provider: { name: PARTIES.provider, role: 'provider', contracts: [K] },
      investor: { name: PARTIES.investor, role: 'investor', contracts: [K] },
      auditor: { name: 'auditor', role: 'auditor', contracts: '*' },
    });
    as = Object.fromEntries(Object.entries(tokens).map(([role, token]) => [role, new ApiClient(t.baseUrl, token)])) as typeof as;
    const termination: ExpectedValueTermination = {
      method: 'expectedValue',
      horizonWeeks: 4,
      rates: 'kaplanMeier',
      minSample: 2,
      fallbackRate: '1/4',
      stageDays: [0, 7, 10],
    };
    created('register', await as.commissioner.post('/contracts', { ...smallSettlementContract({ termination }), contractId: K, parties: PARTIES }));
    created('activate', await as.commissioner.post(`${C}/activation`, { activatedOn: '2019-01-01' }));
    // The scenario's facts: P1 placed on its enrolment (Jan 7) with 21 evidenced days and W02..W05
    // benefit-free; P2 placed Feb 11 with 10 days; P3 withdrawn Feb 15; P4 enrolled Mar 18.
    const cprs = ['070190-1111', '150385-2222', '010203-3333', '121180-4444'];
    const ids: string[] = [];
    for (const [i, enrolledOn] of ['2019-01-07', '2019-02-04', '2019-01-07', '2019-03-18'].entries()) {
      const id = created(`refer P${i + 1}`, await as.commissioner.post(`${C}/referrals`, { cpr: cprs[i], referredOn: '2019-01-02', intakeOutcome: 'accepted' }))
        .body.participantId;
      created(`enrol P${i + 1}`, await as.provider.post(`${C}/participants/${id}/enrolment`, { enrolledOn }));
      ids.push(id);
      names.set(id, `P${i + 1}`);
    }
    const P = (n: number) => `${C}/participants/${ids[n - 1]}`;
    const placed = async (n: number, placementId: string, from: string, to: string) => {
      created(
        'placement',
        await as.provider.post(`${P(n)}/placements`, { placementId, employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 30, startDate: from }),
      );
      created(
        'evidence',
        await as.provider.post(`${P(n)}/payroll-evidence`, {
          evidenceId: `ev-${placementId}`,
          placementId,
          periodFrom: from,
          periodTo: to,
          source: 'eIndkomst',
          documentSha256: SHA(n),
        }),
      );
    };
    await placed(1, 'A', '2019-01-07', '2019-01-27');
    for (const week of ['2019-W02', '2019-W03', '2019-W04', '2019-W05']) {
      created(week, await as.commissioner.post(`${P(1)}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    }
    await placed(2, 'B', '2019-02-11', '2019-02-20');
    created('withdraw P3', await as.provider.post(`${P(3)}/withdrawal`, { withdrawnOn: '2019-02-15', reason: 'moved away' }));
  });
  afterAll(() => t.close());

  /*
   * By hand (days after r; H = 28; T = 2019-03-31):
   * START 0: P1 event 0, P2 event 7, P3 (withdrawn) censored 83, P4 censored 13: S = 3/4 · 2/3 = 1/2.
   * SUST 0: P1 #1 event 13, P1 #2 censored 70, P2 censored 55, P3 83, P4 13: S = 4/5.
   * SUST 7: P1 #1 event 7, P1 #2 censored 63, P2 censored 42: S = 2/3. SUST 10: P1 event 4, P2 censored 39: S = 1/2.
   * FREE 0: P1 event 27, P2 censored 55, P3 83, P4 13: S = 2/3. FREE 7 and 10: P1 alone, 1 unit < minSample 2.
   * Intervals: log-log Greenwood, computed apart from the service.
   */
  const KM_RATES = [
    {
      outcomeCode: 'START',
      stage: 0,
      rate: '5000/10000',
      sampleSize: 4,
      source: 'estimated',
      survival: { units: 4, events: 2, censored: 1, interval95: { lower: 0.1551, upper: 0.9422 } },
    },
    {
      outcomeCode: 'SUST',
      stage: 0,
      rate: '2000/10000',
      sampleSize: 5,
      source: 'estimated',
      survival: { units: 5, events: 1, censored: 1, interval95: { lower: 0.0308, upper: 0.7962 } },
    },
    {
      outcomeCode: 'SUST',
      stage: 7,
      rate: '3333/10000',
      sampleSize: 3,
      source: 'estimated',
      survival: { units: 3, events: 1, censored: 0, interval95: { lower: 0.0548, upper: 0.9459 } },
    },
    {
      outcomeCode: 'SUST',
      stage: 10,
      rate: '5000/10000',
      sampleSize: 2,
      source: 'estimated',
      survival: { units: 2, events: 1, censored: 0, interval95: { lower: 0.0896, upper: 0.994 } },
    },
    {
      outcomeCode: 'FREE',
      stage: 0,
      rate: '3333/10000',
      sampleSize: 4,
      source: 'estimated',
      survival: { units: 4, events: 1, censored: 1, interval95: { lower: 0.0548, upper: 0.9459 } },
    },
    { outcomeCode: 'FREE', stage: 7, rate: '1/4', sampleSize: 1, source: 'fallback', survival: { units: 1, events: 1, censored: 0, interval95: null } },
    { outcomeCode: 'FREE', stage: 10, rate: '1/4', sampleSize: 1, source: 'fallback', survival: { units: 1, events: 1, censored: 0, interval95: null } },
  ];
  // P1 SUST #2 (stage 7), P2 SUST (stage 10) and FREE, P4 START, SUST and FREE.
  const KM_LINES = [
    ['P1', 'SUST', 2, 7, '3333/10000', 1000], // 1000.23
    ['P2', 'SUST', 1, 10, '5000/10000', 1501], // 1500.5
    ['P2', 'FREE', 1, 0, '3333/10000', 2000], // 1999.8
    ['P4', 'START', 1, 0, '5000/10000', 500],
    ['P4', 'SUST', 1, 0, '2000/10000', 600], // 600.2
    ['P4', 'FREE', 1, 0, '3333/10000', 2000],
  ];
  const byName = (lines: Array<{ participantId: string; outcomeCode: string; occurrence: number; stage: number; rate: string; amount: number }>) =>
    lines
      .map((l) => [names.get(l.participantId), l.outcomeCode, l.occurrence, l.stage, l.rate, l.amount])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('answers the what-if under the contract’s kaplanMeier rates, and under the estimated ones when asked', async () => {
    const km = await as.investor.get(`${C}/settlement/what-if?terminatedOn=${T}`);
    expect(km.status).toBe(200);
    expect(km.body).toMatchObject({ method: 'expectedValue', achieved: 11001, future: 7601, due: 18602, terms: { rates: 'kaplanMeier' } });
    expect(km.body.rates).toEqual(KM_RATES);
    expect(byName(km.body.lines)).toEqual(KM_LINES);
    // The same answer but for when it was asked (the lines' cursor holds that instant too).
    expect((await as.auditor.get(`${C}/settlement/what-if?terminatedOn=${T}&rates=kaplanMeier`)).body).toEqual({
      ...km.body,
      asOf: expect.any(String),
      next: expect.any(String),
    });

    const estimated = await as.commissioner.get(`${C}/settlement/what-if?terminatedOn=${T}&rates=estimated`);
    expect(estimated.status).toBe(200);
    expect(estimated.body).toMatchObject({ future: 7918, terms: { rates: 'estimated' } });
    // As before kaplanMeier existed: no survival table.
    expect(estimated.body.rates[0]).toEqual({ outcomeCode: 'START', stage: 0, rate: '2/3', sampleSize: 3, source: 'estimated' });
  });

  it('compares the methods side by side: the contract’s own first, each other once, with the number of lines', async () => {
    const response = await as.investor.get(`${C}/settlement/what-if/comparison?terminatedOn=${T}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ contractId: K, terminatedOn: T, currency: 'DKK', computedAtVersion: response.body.version });
    const variants = response.body.variants as Array<Record<string, any>>;
    expect(variants.map((v) => [v.variant, v.contractTerms, v.method, v.status, v.achieved, v.confirmed, v.future, v.due, v.lineCount])).toEqual([
      ['kaplanMeier', true, 'expectedValue', 'final', 11001, 0, 7601, 18602, 6],
      ['tailPeriod', false, 'tailPeriod', 'final', 11001, 0, 0, 11001, 0],
      ['estimated', false, 'expectedValue', 'final', 11001, 0, 7918, 18919, 6],
    ]);
    expect(variants[0].rates).toEqual(KM_RATES);
    expect(variants[1].terms).toEqual({ method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 });
    expect(variants[0]).not.toHaveProperty('lines');
    for (const role of ['commissioner', 'auditor'] as const)
      expect((await as[role].get(`${C}/settlement/what-if/comparison?terminatedOn=${T}`)).status).toBe(200);
  });

  it('refuses a bad rates value, or rates with the tailPeriod method, with a 400 naming rates; and bad comparison queries', async () => {
    const cases: Array<[string, string]> = [
      [`${C}/settlement/what-if?terminatedOn=${T}&rates=kaplan-meier`, 'rates'],
      [`${C}/settlement/what-if?terminatedOn=${T}&rates=`, 'rates'],
      [`${C}/settlement/what-if?terminatedOn=${T}&method=tailPeriod&rates=kaplanMeier`, 'rates'],
      [`${C}/settlement/what-if/comparison`, 'terminatedOn'],
      [`${C}/settlement/what-if/comparison?terminatedOn=2019-02-30`, 'terminatedOn'],
      [`${C}/settlement/what-if/comparison?terminatedOn=2023-01-01`, 'terminatedOn'],
      [`${C}/settlement/what-if/comparison?terminatedOn=${T}&rates=estimated`, 'rates'],
      [`${C}/settlement/what-if/comparison?terminatedOn=${T}&asOf=yesterday`, 'asOf'],
    ];
    for (const [path, field] of cases) {
      const response = await as.investor.get(path);
      expect({ path, status: response.status, field: response.body.field }).toEqual({ path, status: 400, field });
    }
    expect((await as.auditor.get(`/contracts/no-such-contract/settlement/what-if/comparison?terminatedOn=${T}`)).status).toBe(404);
  });

  it('settles the terminated contract with p/10000 rates, their survival tables, and lines anyone can recompute; the comparison is then a 409', async () => {
    created('terminate', await as.commissioner.post(`${C}/termination`, { effectiveOn: T, reason: 'ended early' }));
    const settlement = await as.investor.get(`${C}/settlement`);
    expect(settlement.status).toBe(200);
    expect(settlement.body).toMatchObject({ terminatedOn: T, method: 'expectedValue', achieved: 11001, future: 7601, due: 18602 });
    expect(settlement.body.rates).toEqual(KM_RATES);
    expect(byName(settlement.body.lines)).toEqual(KM_LINES);
    const csv = await as.investor.request('GET', `${C}/settlement`, undefined, { accept: 'text/csv' });
    const rows: Array<Record<string, string>> = parse(csv.body as string, { columns: true });
    expect(rows.map((r) => [names.get(r.participantId), r.outcomeCode, r.rate, r.rateNumerator, r.rateDenominator, r.amount])).toEqual(
      settlement.body.lines.map((l: { participantId: string; outcomeCode: string; rate: string; amount: number }) => [
        names.get(l.participantId),
        l.outcomeCode,
        l.rate,
        ...l.rate.split('/'),
        String(l.amount),
      ]),
    );
    expect(rows.some((r) => r.rateDenominator === '10000')).toBe(true);
    const comparison = await as.investor.get(`${C}/settlement/what-if/comparison?terminatedOn=${T}`);
    expect([comparison.status, comparison.body.error]).toEqual([409, 'contract-terminated']);
  });
});
