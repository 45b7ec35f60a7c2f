import { Database } from '#database';
import { MAX_TERM_WEEKS, PERIOD_RANGE, SettableClock } from '#domain';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * Dates and durations are bounded where they enter (docs/rules.md §8), over real HTTP with the
 * app's clock set: durations past 520 weeks and periods outside 1900-01-01..2999-12-31 are refused
 * naming the field; an asOf later than now or before the contract was registered is a 400 naming
 * `asOf` on every read that takes one (the report's included, as JSON); and a contract at the
 * calendar bounds is read and settled without a 500. Nothing refused is recorded.
 */
describe('dates and durations, bounded where they enter', () => {
  // Months before the real now: an asOf after this clock's now but before the real one is refused
  // only if the reads ask the app's clock.
  const START = new Date('2026-03-02T09:00:00Z');
  const clock = new SettableClock(START);
  const tick = () => clock.set(new Date(clock.now().getTime() + 60_000));
  let t: TestApp;
  let as: Record<'commissioner' | 'provider' | 'investor' | 'auditor' | 'evaluator', ApiClient>;
  const A = 'aalborg-impact60';
  const B = 'what-if-contract';
  const ENDS = 'calendar-ends';
  /** When A was registered (its first fact), as recorded. */
  let registeredAt: string;

  const eventCount = async (): Promise<number> => (await t.app.get(Database).pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
  const created = (step: string, response: ApiResponse): ApiResponse => {
    if (response.status !== 201) throw new Error(`${step}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
    tick();
    return response;
  };
  const at = (path: string, asOf: string) => `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}`;
  /** An instant one microsecond before a recorded one (`…ffffffZ`). */
  const justBefore = (instant: string) => {
    const micros = BigInt(Date.parse(instant)) * 1000n + BigInt(instant.slice(23, 26)) - 1n;
    return `${new Date(Number(micros / 1000n)).toISOString().slice(0, 23)}${String(micros % 1000n).padStart(3, '0')}Z`;
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const contracts = [A, B, ENDS, 'huge-grace', 'huge-tail', 'early-period', 'late-period'];
    const tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts },
      investor: { name: 'den-sociale-kapitalfond', role: 'investor', contracts },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
      evaluator: { name: 'vive', role: 'evaluator', contracts },
    });
    as = {
      commissioner: new ApiClient(t.baseUrl, tokens.commissioner),
      provider: new ApiClient(t.baseUrl, tokens.provider),
      investor: new ApiClient(t.baseUrl, tokens.investor),
      auditor: new ApiClient(t.baseUrl, tokens.auditor),
      evaluator: new ApiClient(t.baseUrl, tokens.evaluator),
    };
    // A: IMPACT60 with one participant, terminated on 2020-06-30 (its settlement is final by now).
    registeredAt = created('register A', await as.commissioner.post('/contracts', impact60(A))).body.events[0].recordedAt;
    created('activate A', await as.commissioner.post(`/contracts/${A}/activation`, { activatedOn: '2018-09-01' }));
    const p1 = created(
      'refer',
      await as.commissioner.post(`/contracts/${A}/referrals`, { cpr: '070190-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' }),
    ).body.participantId;
    created('enrol', await as.provider.post(`/contracts/${A}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07' }));
    created('terminate A', await as.commissioner.post(`/contracts/${A}/termination`, { effectiveOn: '2020-06-30', reason: 'early end' }));
    // B: not terminated, for the what-if.
    created('register B', await as.commissioner.post('/contracts', impact60(B)));
  });
  afterAll(() => t.close());

  describe('durations and the contract period', () => {
    const definitionWith = (contractId: string, change: (d: Record<string, any>) => void) => {
      const definition = JSON.parse(JSON.stringify(impact60(contractId))) as Record<string, any>;
      change(definition);
      return definition;
    };

    it.each([
      [
        'evidenceGraceWeeks: 1000000000',
        'huge-grace',
        (d: Record<string, any>) => (d.termination.evidenceGraceWeeks = 1_000_000_000),
        'termination.evidenceGraceWeeks',
      ],
      ['tailWeeks: 416000', 'huge-tail', (d: Record<string, any>) => (d.termination = { method: 'tailPeriod', tailWeeks: 416_000 }), 'termination.tailWeeks'],
      [
        'tailWeeks: 521',
        'huge-tail',
        (d: Record<string, any>) => (d.termination = { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS + 1 }),
        'termination.tailWeeks',
      ],
      ['horizonWeeks: 521', 'huge-tail', (d: Record<string, any>) => (d.termination.horizonWeeks = MAX_TERM_WEEKS + 1), 'termination.horizonWeeks'],
      ['a period starting on 1899-12-31', 'early-period', (d: Record<string, any>) => (d.period.start = '1899-12-31'), 'period.start'],
      ['a period ending on 3000-01-01', 'late-period', (d: Record<string, any>) => (d.period.end = '3000-01-01'), 'period.end'],
    ])('refuses a definition with %s: 400 naming the field, and records nothing', async (_case, contractId, change, path) => {
      const before = await eventCount();
      const response = await as.commissioner.post('/contracts', definitionWith(contractId, change));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'invalid-definition',
        field: 'definition',
        details: [{ path, message: expect.any(String) }],
      });
      expect(response.body.message).toContain(path);
      expect(await eventCount()).toBe(before);
      expect((await as.auditor.get(`/contracts/${contractId}`)).status).toBe(404);
    });

    it('refuses terms given at a termination past the maxima, naming them, and records nothing', async () => {
      const before = await eventCount();
      const response = await as.commissioner.post(`/contracts/${B}/termination`, {
        effectiveOn: '2020-06-30',
        reason: 'early end',
        method: { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS + 1, evidenceGraceWeeks: 9 },
      });
      expect(response).toMatchObject({ status: 400, body: { field: 'method', details: [{ path: 'termination.tailWeeks' }] } });
      expect(await eventCount()).toBe(before);
    });

    it('refuses a what-if horizon or tail past 520 weeks naming the parameter; 520 is taken', async () => {
      const W = `/contracts/${B}/settlement/what-if?terminatedOn=2020-06-30`;
      expect(await as.investor.get(`${W}&horizonWeeks=${MAX_TERM_WEEKS + 1}`)).toMatchObject({ status: 400, body: { statusCode: 400, field: 'horizonWeeks' } });
      expect(await as.investor.get(`${W}&method=tailPeriod&tailWeeks=${MAX_TERM_WEEKS + 1}`)).toMatchObject({ status: 400, body: { field: 'tailWeeks' } });
      expect(await as.investor.get(`${W}&horizonWeeks=1000000000`)).toMatchObject({ status: 400, body: { field: 'horizonWeeks' } });
      expect(await as.investor.get(`${W}&horizonWeeks=${MAX_TERM_WEEKS}`)).toMatchObject({ status: 200, body: { terms: { horizonWeeks: MAX_TERM_WEEKS } } });
      const tail = await as.investor.get(`${W}&method=tailPeriod&tailWeeks=${MAX_TERM_WEEKS}`);
      expect(tail).toMatchObject({ status: 200, body: { terms: { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS } } });
    });
  });

  describe('asOf outside the contract’s life', () => {
    // The five reads of the brief, and the others that take asOf.
    const reads = (contractId: string) => [
      `/contracts/${contractId}`,
      `/contracts/${contractId}/settlement`,
      `/contracts/${contractId}/figures`,
      `/contracts/${contractId}/report`,
      `/contracts/${contractId}/evidence-package`,
      `/contracts/${contractId}/participants`,
      `/contracts/${contractId}/occurrences`,
    ];
    const expectAsOfRefused = (response: ApiResponse, error: string) => {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual({ statusCode: 400, error, field: 'asOf', message: expect.any(String) });
    };

    it('an asOf later than the app’s now (in year 9999, or a second after the set clock) is a 400 as-of-in-the-future, and nothing is recorded', async () => {
      const before = await eventCount();
      const afterNow = new Date(clock.now().getTime() + 1000).toISOString();
      // The real clock is later still: only the app's clock can refuse this one.
      expect(Date.parse(afterNow)).toBeLessThan(Date.now());
      for (const asOf of ['9999-12-31T23:59:59Z', afterNow]) {
        for (const path of [...reads(A), `/contracts/${B}/settlement/what-if?terminatedOn=2020-06-30`]) {
          const response = await as.auditor.get(at(path, asOf));
          expectAsOfRefused(response, 'as-of-in-the-future');
          expect(response.body.message).toContain(clock.instant());
        }
      }
      expect(await eventCount()).toBe(before);
    });

    it('an asOf before the contract was registered is a 400 as-of-before-contract that says when it was; nothing is recorded', async () => {
      const before = await eventCount();
      for (const asOf of [justBefore(registeredAt), '2000-01-01T00:00:00Z', '0001-01-01T00:00:00Z']) {
        for (const path of [...reads(A), `/contracts/${A}/participants/p_${'0'.repeat(32)}/timeline`]) {
          const response = await as.auditor.get(at(path, asOf));
          expectAsOfRefused(response, 'as-of-before-contract');
          expect(response.body.message).toContain(registeredAt);
        }
      }
      expect(await eventCount()).toBe(before);
      // From the instant it was registered on, the contract is read.
      expect(await as.auditor.get(at(`/contracts/${A}`, registeredAt))).toMatchObject({ status: 200, body: { version: 1, asOf: registeredAt } });
    });

    it('answers every read at an asOf inside the contract’s life, up to now', async () => {
      const now = clock.instant();
      for (const path of reads(A)) {
        const response = await as.auditor.get(at(path, now));
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    });

    it('the report answers its refusals as JSON with their own status, not a 500', async () => {
      const report = (path: string) => as.evaluator.get(path);
      const malformed = await report(`/contracts/${A}/report?asOf=yesterday`);
      expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400, error: 'invalid-request', field: 'asOf' } });
      expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
      expectAsOfRefused(await report(at(`/contracts/${A}/report`, '9999-12-31T23:59:59Z')), 'as-of-in-the-future');
      const missing = await as.auditor.get('/contracts/no-such-contract/report');
      expect(missing).toMatchObject({ status: 404, body: { statusCode: 404, error: 'contract-not-found' } });
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      // The evaluator is not scoped to it: the same answer as a contract that does not exist.
      const unknown = await report('/contracts/no-such-contract/report');
      expect([unknown.status, unknown.text, unknown.headers.get('content-type')]).toEqual([404, missing.text, missing.headers.get('content-type')]);
      const ok = await report(`/contracts/${A}/report`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    });
  });

  it('a contract at the calendar’s bounds (1900-01-01..2999-12-31, 520 weeks of tail and grace, facts on its last day) is read, what-if’d, terminated and settled without a 500; a fact dated past it is refused', async () => {
    const definition = {
      ...impact60(ENDS),
      period: { start: PERIOD_RANGE.earliest, end: PERIOD_RANGE.latest },
      termination: { method: 'tailPeriod', tailWeeks: MAX_TERM_WEEKS, evidenceGraceWeeks: MAX_TERM_WEEKS },
    };
    const C = `/contracts/${ENDS}`;
    created('register', await as.commissioner.post('/contracts', definition));
    created('activate', await as.commissioner.post(`${C}/activation`, { activatedOn: PERIOD_RANGE.earliest }));
    const p = created('refer', await as.commissioner.post(`${C}/referrals`, { cpr: '150385-1234', referredOn: PERIOD_RANGE.latest, intakeOutcome: 'accepted' }))
      .body.participantId;
    created('enrol', await as.provider.post(`${C}/participants/${p}/enrolment`, { enrolledOn: PERIOD_RANGE.latest }));
    created(
      'placement',
      await as.provider.post(`${C}/participants/${p}/placements`, {
        placementId: 'A',
        employerRef: 'e',
        kind: 'ordinary',
        hoursPerWeek: 37,
        startDate: PERIOD_RANGE.latest,
      }),
    );
    created(
      'evidence',
      await as.provider.post(`${C}/participants/${p}/payroll-evidence`, {
        evidenceId: 'ev-A',
        placementId: 'A',
        periodFrom: PERIOD_RANGE.latest,
        periodTo: PERIOD_RANGE.latest,
        source: 'eIndkomst',
        documentSha256: SHA(1),
      }),
    );
    // Every date a command takes lies in PERIOD_RANGE (§8), a week by its Monday: 3000-W01 begins on 2999-12-30.
    created('the last week', await as.commissioner.post(`${C}/participants/${p}/benefit-weeks`, { week: '3000-W01', benefitPaid: false, source: 'DREAM' }));
    for (const week of ['3000-W02', '9999-W51', '9999-W52']) {
      expect(await as.commissioner.post(`${C}/participants/${p}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' })).toMatchObject({
        status: 400,
        body: { field: 'week' },
      });
    }
    expect(
      await as.provider.post(`${C}/participants/${p}/payroll-evidence`, {
        evidenceId: 'ev-B',
        placementId: 'A',
        periodFrom: PERIOD_RANGE.latest,
        periodTo: '9999-12-31',
        source: 'eIndkomst',
        documentSha256: SHA(2),
      }),
    ).toMatchObject({ status: 400, body: { field: 'periodTo' } });

    const whatIf = await as.investor.get(`${C}/settlement/what-if?terminatedOn=${PERIOD_RANGE.latest}&tailWeeks=${MAX_TERM_WEEKS}`);
    expect(whatIf).toMatchObject({ status: 200, body: { finalOn: '3019-12-07', status: 'provisional' } });
    created('terminate', await as.commissioner.post(`${C}/termination`, { effectiveOn: PERIOD_RANGE.latest, reason: 'at the end of the calendar' }));
    const settlement = await as.auditor.get(`${C}/settlement`);
    expect(settlement).toMatchObject({ status: 200, body: { terminatedOn: PERIOD_RANGE.latest, finalOn: '3019-12-07', status: 'provisional' } });
    for (const path of [
      C,
      `${C}/participants`,
      `${C}/occurrences`,
      `${C}/figures`,
      `${C}/report`,
      `${C}/evidence-package`,
      `${C}/evidence-package?dateGranularity=week`,
    ]) {
      const response = await as.auditor.get(at(path, clock.instant()));
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });
});
