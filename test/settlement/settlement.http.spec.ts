import { parse } from 'csv-parse/sync';
import { Database } from '#database';
import { addDays, copenhagenDateOf } from '#domain';
import { readToEnd } from '../payments/feed-client.js';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA, weeks } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample, type WorkedExample } from '#test-support/worked-example.js';

const SETTLEMENT_DUE = 'dk.outcome-verification.settlement.due.v1';
const SETTLEMENT_PAID = 'dk.outcome-verification.settlement.paid.v1';

/** Every CPR number these tests refer, with and without the dash. */
const CPRS = ['070190-1234', '150385-1234', '010203-4321', '121180-2468', '050575-1357'];

function created(step: string, response: ApiResponse): ApiResponse {
  if (response.status !== 201) throw new Error(`${step}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

const types = (response: ApiResponse) => (response.body.events as Array<{ type: string }>).map((e) => e.type);

/**
 * Early termination and its settlement end to end (docs/rules.md §7), over real HTTP: the §5 worked
 * example plus two participants on IMPACT60, a what-if, the termination, the settlement as JSON and
 * as CSV, proposed by one party and accepted by the other (each with its own party token), paid
 * through the payment feed; then the refusals: a provisional settlement that a late fact makes
 * stale, other terms taking effect only when the other party accepts them, and bad input.
 */
describe('termination and settlement, over HTTP', () => {
  let t: TestApp;
  let as: Record<'commissioner' | 'provider' | 'investor' | 'payer' | 'auditor' | 'analyst' | 'otherFund', ApiClient>;
  const responses: ApiResponse[] = [];
  const keep = async (call: Promise<ApiResponse>): Promise<ApiResponse> => {
    const response = await call;
    responses.push(response);
    return response;
  };

  const A = 'aalborg-impact60';
  const C = `/contracts/${A}`;
  const T = '2020-06-30';
  let example: WorkedExample;
  let p2: string;
  let p3: string;
  /** When the last fact before the termination was recorded. */
  let beforeTermination: string;

  beforeAll(async () => {
    t = await startTestApp();
    const contracts = [A, 'near-today', 'override-terms'];
    // The commissioner and the investor speak for their parties of the contract; an analyst of the
    // fund has a role-wide investor token, and another fund's token speaks for another party.
    const tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', party: 'aalborg-kommune', contracts },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts },
      investor: { name: 'den-sociale-kapitalfond', role: 'investor', party: 'den-sociale-kapitalfond', contracts },
      payer: { name: 'aalborg-udbetaling', role: 'payment-service', contracts },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
      analyst: { name: 'fund-analyst', role: 'investor', contracts },
      otherFund: { name: 'another-fund', role: 'investor', party: 'another-fund', contracts },
    });
    as = {
      commissioner: new ApiClient(t.baseUrl, tokens.commissioner),
      provider: new ApiClient(t.baseUrl, tokens.provider),
      investor: new ApiClient(t.baseUrl, tokens.investor),
      payer: new ApiClient(t.baseUrl, tokens.payer),
      auditor: new ApiClient(t.baseUrl, tokens.auditor),
      analyst: new ApiClient(t.baseUrl, tokens.analyst),
      otherFund: new ApiClient(t.baseUrl, tokens.otherFund),
    };
    // P1: the §5 worked example (11,000,000 committed, nothing left to earn); its JOB_START is paid.
    example = await recordWorkedExample({ commissioner: as.commissioner, provider: as.provider }, { contractId: A, cpr: CPRS[0] });
    created(
      'confirm JOB_START',
      await as.payer.post(`${C}/payments/${example.paymentId('JOB_START', 1)}/confirmation`, { reference: 'UDB-2019-03-0001', confirmedOn: '2019-03-01' }),
    );
    // P2, enrolled 2020-01-06: placed from 2020-02-03 with payroll evidence to T (149 days: JOB_START, JOB_13W #1 on
    // 2020-05-03, then 58 days towards #2), 2020-W06..W26 without benefit (21 weeks, 147 days on T).
    p2 = created('refer P2', await as.commissioner.post(`${C}/referrals`, { cpr: CPRS[1], referredOn: '2019-12-02', intakeOutcome: 'accepted' })).body
      .participantId;
    created('enrol P2', await as.provider.post(`${C}/participants/${p2}/enrolment`, { enrolledOn: '2020-01-06' }));
    created(
      'P2 placement',
      await as.provider.post(`${C}/participants/${p2}/placements`, {
        placementId: 'C',
        employerRef: 'emp-3',
        kind: 'ordinary',
        hoursPerWeek: 37,
        startDate: '2020-02-03',
      }),
    );
    created(
      'P2 evidence',
      await as.provider.post(`${C}/participants/${p2}/payroll-evidence`, {
        evidenceId: 'ev-C',
        placementId: 'C',
        periodFrom: '2020-02-03',
        periodTo: '2020-06-30',
        source: 'eIndkomst',
        documentSha256: SHA(4),
      }),
    );
    for (const week of weeks(2020, 6, 26))
      created(week, await as.commissioner.post(`${C}/participants/${p2}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    // P3, enrolled 2020-03-02, placed only from 2020-07-06, after T: a JOB_START the termination will take back.
    p3 = created('refer P3', await as.commissioner.post(`${C}/referrals`, { cpr: CPRS[2], referredOn: '2020-02-03', intakeOutcome: 'accepted' })).body
      .participantId;
    created('enrol P3', await as.provider.post(`${C}/participants/${p3}/enrolment`, { enrolledOn: '2020-03-02' }));
    created(
      'P3 placement',
      await as.provider.post(`${C}/participants/${p3}/placements`, {
        placementId: 'D',
        employerRef: 'emp-4',
        kind: 'ordinary',
        hoursPerWeek: 30,
        startDate: '2020-07-06',
      }),
    );
    const evidence = created(
      'P3 evidence',
      await as.provider.post(`${C}/participants/${p3}/payroll-evidence`, {
        evidenceId: 'ev-D',
        placementId: 'D',
        periodFrom: '2020-07-06',
        periodTo: '2020-07-12',
        source: 'eIndkomst',
        documentSha256: SHA(5),
      }),
    );
    beforeTermination = evidence.body.events[0].recordedAt;
  });
  afterAll(() => t.close());

  const versionOf = async (contractPath: string): Promise<number> => (await as.auditor.get(contractPath)).body.version;

  // Every rate falls back to 1/4 (minSample 10); the sample sizes are the units counted by T.
  const RATES = [
    { outcomeCode: 'JOB_START', stage: 0, rate: '1/4', sampleSize: 2, source: 'fallback' },
    { outcomeCode: 'JOB_13W', stage: 0, rate: '1/4', sampleSize: 3, source: 'fallback' },
    { outcomeCode: 'JOB_13W', stage: 30, rate: '1/4', sampleSize: 3, source: 'fallback' },
    { outcomeCode: 'JOB_13W', stage: 60, rate: '1/4', sampleSize: 3, source: 'fallback' },
    { outcomeCode: 'SELF_SUPPORT_26W', stage: 0, rate: '1/4', sampleSize: 1, source: 'fallback' },
    { outcomeCode: 'SELF_SUPPORT_26W', stage: 30, rate: '1/4', sampleSize: 1, source: 'fallback' },
    { outcomeCode: 'SELF_SUPPORT_26W', stage: 60, rate: '1/4', sampleSize: 1, source: 'fallback' },
  ];
  const expectedLines = () => {
    const line = (participantId: string, outcomeCode: string, occurrence: number, stage: number, progress: number, sampleSize: number, amount: number) => ({
      participantId,
      outcomeCode,
      occurrence,
      stage,
      progress,
      rate: '1/4',
      sampleSize,
      amount,
      cutBy: null,
    });
    const byParticipant = [
      [line(p2, 'JOB_13W', 2, 30, 58, 3, 750_000), line(p2, 'SELF_SUPPORT_26W', 1, 60, 147, 1, 1_500_000)],
      [line(p3, 'JOB_START', 1, 0, 0, 2, 500_000), line(p3, 'JOB_13W', 1, 0, 0, 3, 750_000), line(p3, 'SELF_SUPPORT_26W', 1, 0, 0, 1, 1_500_000)],
    ];
    return byParticipant.sort((a, b) => (a[0].participantId < b[0].participantId ? -1 : 1)).flat();
  };
  // Achieved: P1 11,000,000, P2 JOB_START and JOB_13W #1 5,000,000; paid: P1's JOB_START; future: the lines.
  const TOTALS = { achieved: 16_000_000, confirmed: 2_000_000, future: 5_000_000, due: 19_000_000 };

  describe('before the termination', () => {
    it('has no settlement yet: a 409 that points to the what-if', async () => {
      const response = await keep(as.investor.get(`${C}/settlement`));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: 'contract-not-terminated' });
      expect(response.body.message).toContain('what-if');
    });

    it('answers what a termination on T would settle, recording nothing', async () => {
      const before = await versionOf(C);
      const response = await keep(as.investor.get(`${C}/settlement/what-if?terminatedOn=${T}`));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        contractId: A,
        terminatedOn: T,
        method: 'expectedValue',
        status: 'final',
        finalOn: '2020-09-01',
        currency: 'DKK',
        ...TOTALS,
      });
      expect(response.body.rates).toEqual(RATES);
      expect(response.body.lines).toEqual(expectedLines());
      expect(response.body.terms).toMatchObject({ method: 'expectedValue', horizonWeeks: 52, fallbackRate: '1/4' });
      expect(await versionOf(C)).toBe(before);
    });

    it('shows how sensitive the figure is to the fallback rate, the horizon and the method', async () => {
      const half = await keep(as.commissioner.get(`${C}/settlement/what-if?terminatedOn=${T}&fallbackRate=1/2`));
      expect(half.status).toBe(200);
      expect(half.body).toMatchObject({ future: 10_000_000, due: 24_000_000, terms: { fallbackRate: '1/2' } });
      expect(half.body.lines.map((l: { amount: number }) => l.amount)).toEqual(expectedLines().map((l) => l.amount * 2));

      // A 10-week horizon also counts P3's JOB_START as a failure (120 days since enrolment).
      const short = await keep(as.auditor.get(`${C}/settlement/what-if?terminatedOn=${T}&horizonWeeks=10`));
      expect(short.status).toBe(200);
      expect(short.body.rates[0]).toEqual({ outcomeCode: 'JOB_START', stage: 0, rate: '1/4', sampleSize: 3, source: 'fallback' });

      // A tail of 52 weeks instead: P3's JOB_START after T counts, and there are no lines.
      const tail = await keep(as.investor.get(`${C}/settlement/what-if?terminatedOn=${T}&method=tailPeriod`));
      expect(tail.status).toBe(200);
      expect(tail.body).toMatchObject({ method: 'tailPeriod', achieved: 18_000_000, confirmed: 2_000_000, future: 0, due: 16_000_000, rates: [], lines: [] });
      expect(tail.body.terms).toEqual({ method: 'tailPeriod', tailWeeks: 52, evidenceGraceWeeks: 9 });
    });

    it('refuses bad query values with a 400 naming the parameter', async () => {
      const W = `${C}/settlement/what-if`;
      const cases: Array<[string, string]> = [
        [W, 'terminatedOn'],
        [`${W}?terminatedOn=30-06-2020`, 'terminatedOn'],
        [`${W}?terminatedOn=2020-02-30`, 'terminatedOn'],
        [`${W}?terminatedOn=2023-06-30`, 'terminatedOn'],
        [`${W}?terminatedOn=${T}&horizonWeeks=abc`, 'horizonWeeks'],
        [`${W}?terminatedOn=${T}&horizonWeeks=0`, 'horizonWeeks'],
        [`${W}?terminatedOn=${T}&fallbackRate=5/4`, 'fallbackRate'],
        [`${W}?terminatedOn=${T}&method=lottery`, 'method'],
        [`${W}?terminatedOn=${T}&tailWeeks=4`, 'tailWeeks'],
        [`${W}?terminatedOn=${T}&method=tailPeriod&horizonWeeks=4`, 'horizonWeeks'],
        [`${W}?terminatedOn=${T}&asOf=yesterday`, 'asOf'],
      ];
      for (const [path, field] of cases) {
        const response = await keep(as.investor.get(path));
        expect({ path, status: response.status, field: response.body.field }).toEqual({ path, status: 400, field });
      }
      expect((await keep(as.investor.get(`${W}?terminatedOn=${T}&bonus=1`))).status).toBe(400);
    });
  });

  describe('the termination and its settlement', () => {
    let terminatedAt: number;

    it('terminates the contract: P3’s JOB_START, achieved after T, no longer holds', async () => {
      const response = await keep(as.commissioner.post(`${C}/termination`, { effectiveOn: T, reason: 'The programme continues as a municipal service' }));
      expect(response.status).toBe(201);
      terminatedAt = response.body.version;
      expect(types(response)).toEqual(['ContractTerminated', 'OutcomeReversed']);
      expect(response.body.events[0].data).toEqual({
        effectiveOn: T,
        reason: 'The programme continues as a municipal service',
        method: 'expectedValue',
        terms: { ...impact60(A).termination, evidenceGraceWeeks: 9 },
      });
      expect(response.body.events[1].data).toMatchObject({
        participantId: p3,
        outcomeCode: 'JOB_START',
        amount: -2_000_000,
        reason: 'achieved-after-termination',
      });
    });

    it('reads the settlement: final (the grace ended on 2020-09-01), the totals, the rates, the lines in order', async () => {
      const response = await keep(as.commissioner.get(`${C}/settlement`));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({
        contractId: A,
        terminatedOn: T,
        method: 'expectedValue',
        status: 'final',
        finalOn: '2020-09-01',
        computedAtVersion: terminatedAt,
        version: terminatedAt,
        currency: 'DKK',
        ...TOTALS,
        proposals: [],
        agreement: null,
        payment: null,
      });
      expect(response.body.linesSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(response.body.rates).toEqual(RATES);
      expect(response.body.lines).toEqual(expectedLines());
      for (const role of ['investor', 'provider', 'auditor', 'payer'] as const) expect((await keep(as[role].get(`${C}/settlement`))).body.due).toBe(TOTALS.due);
    });

    it('reads it as recorded at an instant: before the termination there was none', async () => {
      expect((await keep(as.auditor.get(`${C}/settlement?asOf=${beforeTermination}`))).body.error).toBe('contract-not-terminated');
      const now = await keep(as.auditor.get(`${C}/settlement?asOf=${new Date().toISOString()}`));
      expect(now.body).toMatchObject({ ...TOTALS, computedAtVersion: terminatedAt });
    });

    it('is the same settlement as CSV, one row per line, amounts in minor units', async () => {
      const json = (await as.investor.get(`${C}/settlement`)).body;
      const response = await keep(as.investor.request('GET', `${C}/settlement`, undefined, { accept: 'text/csv' }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${A}-settlement.csv"`);
      const text = response.body as string;
      const rows: Array<Record<string, string>> = parse(text, { columns: true });
      expect(text.split('\r\n')[0]).toBe('participantId,outcomeCode,occurrence,stage,progress,rate,rateNumerator,rateDenominator,sampleSize,amount,cutBy');
      expect(rows).toEqual(
        json.lines.map((line: Record<string, unknown>) => ({
          participantId: line.participantId,
          outcomeCode: line.outcomeCode,
          occurrence: String(line.occurrence),
          stage: String(line.stage),
          progress: String(line.progress),
          rate: line.rate,
          rateNumerator: '1',
          rateDenominator: '4',
          sampleSize: String(line.sampleSize),
          amount: String(line.amount),
          cutBy: '',
        })),
      );
      expect(rows.reduce((sum, row) => sum + Number(row.amount), 0)).toBe(json.future);
    });

    it('refuses a what-if once terminated: the settlement is read instead', async () => {
      const response = await keep(as.investor.get(`${C}/settlement/what-if?terminatedOn=${T}`));
      expect(response.status).toBe(409);
      expect(response.body.error).toBe('contract-terminated');
    });

    it('is proposed by a party’s own token: a role-wide token or another party’s gets 403 naming the party it would need', async () => {
      const before = await versionOf(C);
      for (const [client, error] of [
        [as.analyst, 'party-required'],
        [as.otherFund, 'wrong-party'],
      ] as const) {
        const refused = await keep(client.post(`${C}/settlement/proposals`, {}));
        expect([refused.status, refused.body.error]).toEqual([403, error]);
        expect(refused.body.message).toContain("the contract's investor party, den-sociale-kapitalfond");
      }
      expect(await versionOf(C)).toBe(before);
    });

    it('is proposed by the commissioner with the version, the totals and the digest of its lines; proposing it again records nothing', async () => {
      const settlement = (await as.commissioner.get(`${C}/settlement`)).body;
      const response = await keep(as.commissioner.post(`${C}/settlement/proposals`, {}));
      expect(response.status).toBe(201);
      expect(types(response)).toEqual(['SettlementProposed']);
      expect(response.body.events[0].data).toEqual({
        proposalId: 1,
        computedAtVersion: terminatedAt,
        terminatedOn: T,
        method: 'expectedValue',
        status: 'final',
        ...TOTALS,
        linesSha256: settlement.linesSha256,
        proposedBy: 'commissioner',
        proposedByParty: 'aalborg-kommune',
      });
      const again = await keep(as.commissioner.post(`${C}/settlement/proposals`, {}));
      expect([again.status, again.body.events]).toEqual([201, []]);
      // The investor is told to accept it rather than propose the same.
      const same = await keep(as.investor.post(`${C}/settlement/proposals`, {}));
      expect([same.status, same.body.error]).toEqual([409, 'settlement-proposal-open']);
      expect((await keep(as.investor.post(`${C}/settlement/proposals`, { due: 1 }))).status).toBe(400);
    });

    it('is accepted by the investor, not by its proposer: then, and only then, it is a payment that supersedes the open amounts', async () => {
      const own = await keep(as.commissioner.post(`${C}/settlement/proposals/1/agreement`, {}));
      expect([own.status, own.body.error]).toEqual([403, 'wrong-party']);
      expect((await keep(as.analyst.post(`${C}/settlement/proposals/1/agreement`, {}))).status).toBe(403);
      const pending = (await as.investor.get(`${C}/settlement`)).body;
      expect(pending.proposals).toEqual([
        expect.objectContaining({
          proposalId: 1,
          proposedBy: 'commissioner',
          proposedByParty: 'aalborg-kommune',
          current: true,
          acceptedBy: ['commissioner'],
          withdrawn: false,
        }),
      ]);
      expect(pending.agreement).toBeNull();
      expect((await readToEnd(as.payer, '/feed/payments')).events.filter((e) => e.type === SETTLEMENT_DUE)).toEqual([]);

      const accepted = await keep(as.investor.post(`${C}/settlement/proposals/1/agreement`, {}));
      expect(accepted.status).toBe(201);
      // Open at the agreement: P1's JOB_13W #1 and #2 (capped to 0) and SELF_SUPPORT_26W (revision 2), P2's JOB_START and JOB_13W #1.
      const open = [example.paymentId('JOB_13W', 1), example.paymentId('JOB_13W', 2), example.paymentId('SELF_SUPPORT_26W', 1, 2)];
      expect(types(accepted)).toEqual(['SettlementAccepted', 'SettlementAgreed', ...Array(5).fill('PaymentSuperseded')]);
      expect(accepted.body.events[0].data).toEqual({ proposalId: 1, party: 'investor', partyId: 'den-sociale-kapitalfond' });
      expect(accepted.body.events[1].data).toEqual({
        proposalId: 1,
        paymentId: `${A}:settlement:1`,
        amount: 19_000_000,
        currency: 'DKK',
        terminatedOn: T,
        method: 'expectedValue',
        linesSha256: pending.linesSha256,
        supersedes: expect.arrayContaining(open),
      });
      const superseded = accepted.body.events.slice(2).map((e: { data: { amount: number } }) => e.data.amount);
      expect(superseded.reduce((sum: number, amount: number) => sum + amount, 0)).toBe(TOTALS.achieved - TOTALS.confirmed);
      const again = await keep(as.investor.post(`${C}/settlement/proposals/1/agreement`, {}));
      expect([again.status, again.body.events]).toEqual([201, []]);
    });

    it('appears in the payment feed with its own payment identity, is confirmed like any payment, and is then paid', async () => {
      const feed = await readToEnd(as.payer, '/feed/payments');
      const due = feed.events.filter((e) => e.type === SETTLEMENT_DUE);
      expect(due).toHaveLength(1);
      expect(due[0]).toMatchObject({ source: `/contracts/${A}`, subject: `${A}:settlement:1` });
      expect(due[0].data).toEqual({
        contractId: A,
        paymentId: `${A}:settlement:1`,
        amount: 19_000_000,
        currency: 'DKK',
        proposalId: 1,
        terminatedOn: T,
        method: 'expectedValue',
        linesSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        supersedes: expect.any(Array),
      });
      // Each identity it nets is announced, naming the settlement's payment: pay none of them.
      const superseded = feed.events.filter((e) => e.type === 'dk.outcome-verification.payment.superseded.v1');
      expect(superseded.map((e) => e.subject).sort()).toEqual([...due[0].data.supersedes].sort());
      for (const event of superseded) expect(event.data.settlementPaymentId).toBe(`${A}:settlement:1`);

      const confirm = (reference: string) =>
        keep(as.payer.post(`${C}/payments/${encodeURIComponent(due[0].data.paymentId)}/confirmation`, { reference, confirmedOn: '2026-11-30' }));
      const paid = await confirm('UDB-2026-11-0042');
      expect(paid.status).toBe(201);
      expect(paid.body.events.map((e: { type: string; data: unknown }) => [e.type, e.data])).toEqual([
        ['SettlementPaid', { paymentId: `${A}:settlement:1`, reference: 'UDB-2026-11-0042', confirmedOn: '2026-11-30', amount: 19_000_000 }],
      ]);
      expect([(await confirm('UDB-2026-11-0042')).body.events, (await confirm('UDB-2026-11-0043')).status]).toEqual([[], 409]);

      const after = await readToEnd(as.payer, '/feed/payments', { after: feed.next });
      expect(after.events.map((e) => [e.type, e.subject, e.data.amount, e.data.reference])).toEqual([
        [SETTLEMENT_PAID, `${A}:settlement:1`, 19_000_000, 'UDB-2026-11-0042'],
      ]);
    });

    it('shows in the contract at a glance, and leaves the occurrences and their money as they were', async () => {
      const summary = (await keep(as.auditor.get(C))).body;
      expect(summary.contract.settlement).toEqual({
        proposals: 1,
        agreedProposalId: 1,
        paymentId: `${A}:settlement:1`,
        amount: 19_000_000,
        paid: true,
        adjustments: 0,
      });
      // Owed in all: achieved 16,000,000 + future 5,000,000; paid: P1's JOB_START and the settlement. Nothing open.
      expect(summary.money).toMatchObject({
        triggered: 16_000_000,
        owed: 21_000_000,
        paid: 21_000_000,
        recovered: 0,
        due: 0,
        toRecover: 0,
        superseded: 14_000_000,
      });
      const settlement = (await keep(as.auditor.get(`${C}/settlement`))).body;
      expect(settlement).toMatchObject({
        ...TOTALS,
        agreement: { proposalId: 1, amount: 19_000_000 },
        payment: { reference: 'UDB-2026-11-0042', amount: 19_000_000 },
      });
      let occurrences: ApiResponse;
      do occurrences = await keep(as.auditor.get(`${C}/occurrences`));
      while (occurrences.body.projectedThrough?.behind > 0);
      expect(occurrences.status).toBe(200);
      expect(occurrences.body.occurrences.some((o: { paymentId: string }) => o.paymentId.includes(':settlement:'))).toBe(false);
    });
  });

  describe('a provisional settlement, during the grace period', () => {
    const N = '/contracts/near-today';
    const today = copenhagenDateOf(new Date().toISOString());
    const t0 = addDays(today, -14);
    let p: string;
    let q: string;

    beforeAll(async () => {
      const definition = { ...impact60('near-today'), period: { start: addDays(today, -400), end: addDays(today, 700) } };
      created('register', await as.commissioner.post('/contracts', definition));
      created('activate', await as.commissioner.post(`${N}/activation`, { activatedOn: definition.period.start }));
      p = created('refer P', await as.commissioner.post(`${N}/referrals`, { cpr: CPRS[3], referredOn: addDays(t0, -120), intakeOutcome: 'accepted' })).body
        .participantId;
      created('enrol P', await as.provider.post(`${N}/participants/${p}/enrolment`, { enrolledOn: addDays(t0, -100) }));
      created(
        'P placement',
        await as.provider.post(`${N}/participants/${p}/placements`, {
          placementId: 'A',
          employerRef: 'emp-1',
          kind: 'ordinary',
          hoursPerWeek: 30,
          startDate: addDays(t0, -30),
        }),
      );
      q = created('refer Q', await as.commissioner.post(`${N}/referrals`, { cpr: CPRS[4], referredOn: addDays(t0, -10), intakeOutcome: 'accepted' })).body
        .participantId;
      created('terminate', await as.commissioner.post(`${N}/termination`, { effectiveOn: t0, reason: 'The fund withdrew' }));
    });

    it('refuses an enrolment dated after T, and takes one dated T', async () => {
      const late = await keep(as.provider.post(`${N}/participants/${q}/enrolment`, { enrolledOn: addDays(t0, 1) }));
      expect([late.status, late.body.error, late.body.field]).toEqual([409, 'contract-terminated', 'enrolledOn']);
      expect((await keep(as.provider.post(`${N}/participants/${q}/enrolment`, { enrolledOn: t0 }))).status).toBe(201);
    });

    it('is provisional until T + 9 weeks; it can be proposed, not accepted', async () => {
      const settlement = (await keep(as.investor.get(`${N}/settlement`))).body;
      expect(settlement).toMatchObject({ status: 'provisional', finalOn: addDays(t0, 63), achieved: 0 });
      expect(
        settlement.lines.map((l: { participantId: string; outcomeCode: string }) => `${l.participantId === p ? 'P' : 'Q'} ${l.outcomeCode}`).sort(),
      ).toEqual(['P JOB_13W', 'P JOB_START', 'P SELF_SUPPORT_26W', 'Q JOB_13W', 'Q JOB_START', 'Q SELF_SUPPORT_26W']);
      const proposed = await keep(as.investor.post(`${N}/settlement/proposals`, {}));
      expect(proposed.body.events[0].data).toMatchObject({ proposalId: 1, status: 'provisional', proposedBy: 'investor' });
      const refused = await keep(as.commissioner.post(`${N}/settlement/proposals/1/agreement`, {}));
      expect([refused.status, refused.body.error]).toEqual([409, 'settlement-not-final']);
      expect(refused.body.message).toContain(addDays(t0, 64));
    });

    it('is changed by a late fact dated before T: agreeing the old proposal is a 409 that says so', async () => {
      const late = await keep(
        as.provider.post(`${N}/participants/${p}/payroll-evidence`, {
          evidenceId: 'ev-A',
          placementId: 'A',
          periodFrom: addDays(t0, -30),
          periodTo: addDays(t0, -1),
          source: 'eIndkomst',
          documentSha256: SHA(9),
        }),
      );
      expect(types(late)).toEqual(['PayrollEvidenceRecorded', 'OutcomeVerified']);
      const settlement = (await keep(as.investor.get(`${N}/settlement`))).body;
      expect(settlement).toMatchObject({ achieved: 2_000_000, proposals: [expect.objectContaining({ proposalId: 1, current: false })] });

      const stale = await keep(as.commissioner.post(`${N}/settlement/proposals/1/agreement`, {}));
      expect([stale.status, stale.body.error, stale.body.message]).toEqual([
        409,
        'settlement-proposal-stale',
        'A later fact changed the settlement since proposal 1; propose again.',
      ]);
      const again = await keep(as.commissioner.post(`${N}/settlement/proposals`, {}));
      expect(again.body.events[0].data).toMatchObject({ proposalId: 2, achieved: 2_000_000, linesSha256: settlement.linesSha256 });
    });

    it('names a proposal that is not one, or does not exist', async () => {
      const bad = await keep(as.investor.post(`${N}/settlement/proposals/first/agreement`, {}));
      expect([bad.status, bad.body.field]).toEqual([400, 'proposalId']);
      const missing = await keep(as.investor.post(`${N}/settlement/proposals/9/agreement`, {}));
      expect([missing.status, missing.body.error]).toEqual([404, 'settlement-proposal-not-found']);
      expect((await keep(as.auditor.get('/contracts/no-such-contract/settlement'))).status).toBe(404);
      expect((await keep(as.auditor.get('/contracts/no-such-contract/settlement/what-if?terminatedOn=2020-06-30'))).status).toBe(404);
    });
  });

  describe('a termination on terms other than the contract’s', () => {
    const O = '/contracts/override-terms';
    const tail = { method: 'tailPeriod', tailWeeks: 26 };

    beforeAll(async () => {
      created('register', await as.commissioner.post('/contracts', impact60('override-terms')));
      created('activate', await as.commissioner.post(`${O}/activation`, { activatedOn: '2018-09-01' }));
    });

    it('is not the commissioner’s alone: the termination route takes only the contract’s own terms, and an `agreement` typed in is no field', async () => {
      const before = await versionOf(O);
      const base = { effectiveOn: '2020-12-31', reason: 'ended early', method: tail };
      const alone = await keep(as.commissioner.post(`${O}/termination`, base));
      expect([alone.status, alone.body.error, alone.body.field]).toEqual([409, 'termination-terms-not-agreed', 'method']);
      const typed = await keep(as.commissioner.post(`${O}/termination`, { ...base, agreement: { investor: 'den-sociale-kapitalfond', reference: 'none' } }));
      expect([typed.status, typed.body.field]).toEqual([400, 'agreement']);
      expect(await versionOf(O)).toBe(before);
    });

    it('is proposed by one party, withdrawn or accepted by the other; only then is the contract terminated, on those terms', async () => {
      const refused = await keep(as.analyst.post(`${O}/termination/proposals`, { effectiveOn: '2020-12-31', reason: 'ended early', method: tail }));
      expect([refused.status, refused.body.error]).toEqual([403, 'party-required']);

      const first = await keep(
        as.commissioner.post(`${O}/termination/proposals`, { effectiveOn: '2020-12-31', reason: 'ended early', method: { ...tail, tailWeeks: 52 } }),
      );
      expect([first.status, types(first)]).toEqual([201, ['TerminationProposed']]);
      const withdrawn = await keep(as.commissioner.post(`${O}/termination/proposals/1/withdrawal`, {}));
      expect(types(withdrawn)).toEqual(['TerminationProposalWithdrawn']);
      const late = await keep(as.investor.post(`${O}/termination/proposals/1/agreement`, {}));
      expect([late.status, late.body.error]).toEqual([409, 'termination-proposal-withdrawn']);

      const proposed = await keep(as.investor.post(`${O}/termination/proposals`, { effectiveOn: '2020-12-31', reason: 'ended early', method: tail }));
      expect(proposed.body.events[0].data).toMatchObject({ proposalId: 2, proposedBy: 'investor', proposedByParty: 'den-sociale-kapitalfond' });
      expect((await keep(as.investor.post(`${O}/termination/proposals/2/agreement`, {}))).status).toBe(403);
      expect((await as.auditor.get(O)).body.contract.status).toBe('active');

      const accepted = await keep(as.commissioner.post(`${O}/termination/proposals/2/agreement`, {}));
      expect(accepted.status).toBe(201);
      expect(types(accepted)).toEqual(['TerminationAccepted', 'ContractTerminated']);
      expect(accepted.body.events[1].data).toEqual({
        effectiveOn: '2020-12-31',
        reason: 'ended early',
        method: 'tailPeriod',
        terms: { method: 'tailPeriod', tailWeeks: 26, evidenceGraceWeeks: 9 },
        methodAgreement: {
          proposalId: 2,
          proposedBy: { party: 'investor', partyId: 'den-sociale-kapitalfond' },
          acceptedBy: { party: 'commissioner', partyId: 'aalborg-kommune' },
        },
      });
      const settlement = (await keep(as.investor.get(`${O}/settlement`))).body;
      expect(settlement).toMatchObject({ method: 'tailPeriod', finalOn: '2021-09-02', status: 'final', rates: [], lines: [], due: 0 });
    });
  });

  it('lets no CPR number reach a settlement, its CSV, the feed, an error or the settlement facts', async () => {
    const digits = CPRS.flatMap((cpr) => [cpr, cpr.replace('-', '')]);
    const texts = responses.map((r) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)));
    texts.push(JSON.stringify((await readToEnd(as.payer, '/feed/payments')).events));
    const { rows } = await t.app
      .get(Database)
      .pool.query(
        `SELECT data::text FROM es_events WHERE event_type LIKE 'Settlement%' OR event_type LIKE 'Termination%' OR event_type IN ('ContractTerminated', 'PaymentSuperseded')`,
      );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    texts.push(...rows.map((row: { data: string }) => row.data));
    expect(texts.filter((text) => digits.some((cpr) => text.includes(cpr)))).toEqual([]);
    expect(responses.every((r) => r.status < 500)).toBe(true);
  });
});
