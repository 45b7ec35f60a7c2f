import { ApiClient } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/** Caps hold when many facts arrive at once: the contract's total is never exceeded, to the øre. */
describe('caps under concurrent requests', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('never commits more than the contract cap, and caps the rest with the reason', async () => {
    t = await startTestApp({ DB_POOL_SIZE: '20' });
    const tokens = await createTokens(t.app, {
      kommune: { role: 'commissioner', contracts: ['tight-cap'] },
      provider: { role: 'provider', contracts: ['tight-cap'] },
    });
    const commissioner = new ApiClient(t.baseUrl, tokens.kommune);
    const provider = new ApiClient(t.baseUrl, tokens.provider);
    const definition = {
      ...impact60('tight-cap'),
      outcomes: [{ code: 'JOB_START', trigger: { type: 'placementStart', minHoursPerWeek: 16 }, price: 2_000_000, maxPerParticipant: 1 }],
      caps: { perParticipant: 2_000_000, total: 5_000_000 },
    };
    expect((await commissioner.post('/contracts', definition)).status).toBe(201);
    await commissioner.post('/contracts/tight-cap/activation', { activatedOn: '2018-09-01' });
    const C = '/contracts/tight-cap/participants';
    const participants: string[] = [];
    for (let i = 0; i < 12; i++) {
      const cpr = `0${(i % 9) + 1}0190-${String(1000 + i)}`;
      const id = (await commissioner.post('/contracts/tight-cap/referrals', { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' })).body.participantId;
      await provider.post(`${C}/${id}/enrolment`, { enrolledOn: '2019-01-07' });
      await provider.post(`${C}/${id}/placements`, { placementId: 'A', employerRef: 'e', kind: 'ordinary', hoursPerWeek: 37, startDate: '2019-02-04' });
      participants.push(id);
    }
    expect(new Set(participants).size).toBe(12);

    const responses = await Promise.all(
      participants.map((id, i) =>
        provider.post(`${C}/${id}/payroll-evidence`, {
          evidenceId: 'ev',
          placementId: 'A',
          periodFrom: '2019-02-04',
          periodTo: '2019-02-28',
          source: 'eIndkomst',
          documentSha256: SHA(i + 1),
        }),
      ),
    );
    responses.forEach((r) => expect(r.status).toBe(201));
    const verified = responses.flatMap((r) => r.body.events.filter((e: { type: string }) => e.type === 'OutcomeVerified').map((e: { data: any }) => e.data));
    expect(verified).toHaveLength(12);
    expect(verified.reduce((sum: number, v: { amount: number }) => sum + v.amount, 0)).toBe(5_000_000);
    expect(verified.map((v: { amount: number }) => v.amount).sort((a: number, b: number) => b - a)).toEqual([
      2_000_000, 2_000_000, 1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(verified.filter((v: { capReason: string | null }) => v.capReason === 'contract-cap')).toHaveLength(10);
    expect(new Set(verified.map((v: { paymentId: string }) => v.paymentId)).size).toBe(12);
  });
});
