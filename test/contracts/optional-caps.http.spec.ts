import { ApiClient } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/** A contract may cap the total, each participant, both or neither: over HTTP, registered, verified and read back. */
describe('optional caps over HTTP', () => {
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      kommune: { role: 'commissioner', contracts: ['no-caps', 'total-only', 'low-total'] },
      provider: { role: 'provider', contracts: ['no-caps', 'total-only', 'low-total'] },
    });
    commissioner = new ApiClient(t.baseUrl, tokens.kommune);
    provider = new ApiClient(t.baseUrl, tokens.provider);
  });
  afterAll(() => t.close());

  /** One participant with a placement of 26 weeks and its payroll evidence: JOB_START and JOB_13W twice (8,000,000). */
  async function oneParticipant(contractId: string, cpr: string): Promise<number[]> {
    const C = `/contracts/${contractId}`;
    const id = (await commissioner.post(`${C}/referrals`, { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' })).body.participantId;
    await provider.post(`${C}/participants/${id}/enrolment`, { enrolledOn: '2019-01-07' });
    await provider.post(`${C}/participants/${id}/placements`, {
      placementId: 'A',
      employerRef: 'e',
      kind: 'ordinary',
      hoursPerWeek: 37,
      startDate: '2019-02-04',
    });
    const response = await provider.post(`${C}/participants/${id}/payroll-evidence`, {
      evidenceId: 'ev',
      placementId: 'A',
      periodFrom: '2019-02-04',
      periodTo: '2019-08-04',
      source: 'eIndkomst',
      documentSha256: SHA(1),
    });
    expect(response.status).toBe(201);
    return response.body.events.filter((e: { type: string }) => e.type === 'OutcomeVerified').map((e: { data: { amount: number } }) => e.data.amount);
  }

  it('without caps: every occurrence at its price, and the caps and headrooms read as null', async () => {
    const { caps: _caps, ...definition } = impact60('no-caps');
    expect((await commissioner.post('/contracts', definition)).status).toBe(201);
    await commissioner.post('/contracts/no-caps/activation', { activatedOn: '2018-09-01' });
    expect(await oneParticipant('no-caps', '010190-1001')).toEqual([2_000_000, 3_000_000, 3_000_000]);
    const summary = await commissioner.get('/contracts/no-caps');
    expect(summary.status).toBe(200);
    expect(summary.body.caps).toEqual({ total: null, used: 8_000_000, headroom: null, perParticipant: null, participantsAtCap: 0 });
    const participants = await commissioner.get('/contracts/no-caps/participants');
    expect(participants.body.perParticipantCap).toBeNull();
    expect(participants.body.participants[0]).toMatchObject({ committed: 8_000_000, headroom: null });
  });

  it('with only a total cap: the contract headroom cuts, and there is no per-participant cap', async () => {
    const definition = { ...impact60('total-only'), caps: { total: 7_000_000 } };
    expect((await commissioner.post('/contracts', definition)).status).toBe(201);
    await commissioner.post('/contracts/total-only/activation', { activatedOn: '2018-09-01' });
    expect(await oneParticipant('total-only', '020190-1002')).toEqual([2_000_000, 3_000_000, 2_000_000]);
    const summary = await commissioner.get('/contracts/total-only');
    expect(summary.body.caps).toEqual({ total: 7_000_000, used: 7_000_000, headroom: 0, perParticipant: null, participantsAtCap: 0 });
  });

  it('refuses a lone total cap below a price, naming the field', async () => {
    const response = await commissioner.post('/contracts', { ...impact60('low-total'), caps: { total: 5_000_000 } });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ path: 'caps.total', message: 'must not be below the price of SELF_SUPPORT_26W (6000000)' }]);
  });
});
