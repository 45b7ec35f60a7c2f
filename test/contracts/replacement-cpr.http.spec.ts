import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/** Citizens without a CPR number are referred by their replacement number (erstatningspersonnummer: day of month + 60). */
describe('referral with a replacement number', () => {
  const C = '/contracts/aalborg-impact60';
  let t: TestApp;
  let commissioner: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, { commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: ['aalborg-impact60'] } });
    commissioner = new ApiClient(t.baseUrl, tokens.commissioner);
    expect((await commissioner.post('/contracts', impact60())).status).toBe(201);
    expect((await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('is accepted and pseudonymised, apart from the CPR number with the same date and serial', async () => {
    const replacement = await commissioner.post(`${C}/referrals`, { cpr: '670761-4285', referredOn: '2019-01-02', intakeOutcome: 'accepted' });
    expect(replacement.status).toBe(201);
    expect(replacement.body.participantId).toMatch(/^p_[0-9a-f]{32}$/);
    const ordinary = await commissioner.post(`${C}/referrals`, { cpr: '070761-4285', referredOn: '2019-01-02', intakeOutcome: 'accepted' });
    expect(ordinary.status).toBe(201);
    expect(ordinary.body.participantId).not.toBe(replacement.body.participantId);

    const { rows } = await t.app.get(Database).pool.query<{ row: string }>('SELECT row_to_json(e)::text AS row FROM es_events e');
    expect(rows.map((r) => r.row).join('\n')).not.toMatch(/670761-?4285/);
  });

  it('is refused, naming the field, when its date is not real after subtracting 60', async () => {
    const refused = await commissioner.post(`${C}/referrals`, { cpr: '910299-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'cpr' });
    expect(JSON.stringify(refused.body)).not.toContain('910299');
  });
});
