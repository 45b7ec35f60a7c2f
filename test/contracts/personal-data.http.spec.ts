import { Database } from '#database';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * §9: a CPR number is accepted only at referral and never appears in an event, a log line, an
 * error message or an API response — including when the request that carries it is refused.
 */
describe('no CPR number anywhere', () => {
  const CPR = '070190-1234';
  const DIGITS = '0701901234';
  const logLines: string[] = [];
  const responses: ApiResponse[] = [];
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;
  const C = '/contracts/aalborg-impact60';
  const keep = async (call: Promise<ApiResponse>): Promise<ApiResponse> => {
    const response = await call;
    responses.push(response);
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    const tokens = await createTokens(t.app, {
      kommune: { role: 'commissioner', contracts: ['aalborg-impact60'] },
      provider: { role: 'provider', contracts: ['aalborg-impact60'] },
    });
    commissioner = new ApiClient(t.baseUrl, tokens.kommune);
    provider = new ApiClient(t.baseUrl, tokens.provider);
    await keep(commissioner.post('/contracts', impact60()));
    await keep(commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' }));
  });
  afterAll(() => t.close());

  it('turns the CPR number into a keyed pseudonym at referral, the same one each time', async () => {
    const first = await keep(commissioner.post(`${C}/referrals`, { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'accepted' }));
    const again = await keep(commissioner.post(`${C}/referrals`, { cpr: DIGITS, referredOn: '2019-01-03', intakeOutcome: 'accepted' }));
    expect(first.status).toBe(201);
    expect(first.body.participantId).toMatch(/^p_[0-9a-f]{32}$/);
    expect(again.body.participantId).toBe(first.body.participantId);
  });

  it('refuses bad requests that carry a CPR number without repeating it', async () => {
    const refused = [
      await keep(commissioner.post(`${C}/referrals`, { cpr: '310290-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' })), // 31 Feb
      await keep(commissioner.post(`${C}/referrals`, { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'maybe' })),
      await keep(commissioner.post(`${C}/referrals`, { cpr: `${CPR}x`, referredOn: '2019-01-02', intakeOutcome: 'accepted' })),
      await keep(
        provider.post(`${C}/participants/p_unknown/placements`, {
          cpr: CPR,
          placementId: 'A',
          employerRef: 'e',
          kind: 'ordinary',
          hoursPerWeek: 20,
          startDate: '2019-02-04',
        }),
      ),
      await keep(commissioner.post(`${C}/participants/${DIGITS}/benefit-weeks`, { week: '2019-W06', benefitPaid: false, source: 'DREAM' })),
      await keep(provider.post(`${C}/referrals`, { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'accepted' })), // wrong role
      await keep(commissioner.post(`${C}/referrals`, `{"cpr": "${CPR}", "referredOn": `, { 'content-type': 'application/json' })), // not JSON
      await keep(commissioner.get(`${C}/participants/${DIGITS}/timeline`)), // a CPR number where the pseudonym goes
      await keep(commissioner.get(`${C}/occurrences/${encodeURIComponent(`${CPR}:JOB_START:1`)}`)), // and in a payment id
    ];
    for (const response of refused) expect(response.status).toBeGreaterThanOrEqual(400);
    expect(refused[0].body).toMatchObject({ field: 'cpr' });
    expect(refused[6]).toMatchObject({ status: 400, body: { error: 'invalid-json', field: 'body' } });
    expect(refused[7]).toMatchObject({ status: 400, body: { error: 'invalid-participant-id', field: 'participantId' } });
    expect(refused[8]).toMatchObject({ status: 400, body: { error: 'invalid-payment-id', field: 'paymentId' } });
  });

  it('has no CPR number in the events table, the logs or any response', async () => {
    const { rows } = await t.app.get(Database).pool.query<{ row: string }>('SELECT row_to_json(e)::text AS row FROM es_events e');
    expect(rows.length).toBeGreaterThan(2);
    const places = {
      events: rows.map((r) => r.row).join('\n'),
      logs: logLines.join(''),
      responses: responses.map((r) => JSON.stringify(r.body)).join('\n'),
    };
    // Every request was logged (so the search below had something to search), with its actor once
    // authenticated, and the CPR number pasted into a path masked.
    const requestLines = logLines.filter((line) => line.includes('"req":'));
    expect(requestLines.length).toBeGreaterThanOrEqual(responses.length);
    expect(requestLines.some((line) => line.includes(`"url":"${C}/participants/[masked]/benefit-weeks"`))).toBe(true);
    expect(requestLines.filter((line) => /"actor":"commissioner:/.test(line)).length).toBeGreaterThan(2);
    for (const [place, text] of Object.entries(places)) {
      expect({ place, hasCpr: text.includes(CPR) || text.includes(DIGITS) || text.includes('310290') }).toEqual({ place, hasCpr: false });
    }
  });
});
