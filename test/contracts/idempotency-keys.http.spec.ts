import { Database } from '#database';
import { ApiClient } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { jsonl, NDJSON } from '../imports/jsonl.js';

/**
 * An `Idempotency-Key` belongs to the principal that sent it and stands for one request: a retry
 * (same principal, same key, same command) gets the first answer and records nothing; the same key
 * from another principal is another request; the same key with another command is a 422 that
 * records nothing. A fact is never swallowed by someone else's key.
 */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let otherProvider: ApiClient;
  let p1: string;
  const A = '/contracts/aalborg-impact60';
  const B = '/contracts/odense-impact';
  const KEY = '2019-02-batch-1';
  const payroll = (evidenceId: string) => ({
    evidenceId,
    placementId: 'A',
    periodFrom: '2019-02-04',
    periodTo: '2019-03-10',
    source: 'eIndkomst',
    documentSha256: SHA(7),
  });
  const keyed = (key: string) => ({ 'idempotency-key': key });
  const events = async (): Promise<Array<{ stream: string; type: string; data: any; metadata: any }>> =>
    (await t.app.get(Database).pool.query('SELECT stream_id AS stream, event_type AS type, data, metadata FROM es_events ORDER BY global_position')).rows;

  beforeAll(async () => {
    t = await startTestApp();
    const contracts = ['aalborg-impact60', 'odense-impact'];
    const tokens = await createTokens(t.app, {
      kommune: { name: 'aalborg-kommune', role: 'commissioner', contracts },
      fokus: { name: 'fokus-folkeoplysning', role: 'provider', contracts },
      other: { name: 'another-provider', role: 'provider', contracts },
    });
    commissioner = new ApiClient(t.baseUrl, tokens.kommune);
    provider = new ApiClient(t.baseUrl, tokens.fokus);
    otherProvider = new ApiClient(t.baseUrl, tokens.other);
    for (const C of [A, B]) {
      expect((await commissioner.post('/contracts', impact60(C.split('/')[2]))).status).toBe(201);
      expect((await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
    }
    p1 = (await commissioner.post(`${A}/referrals`, { cpr: '070190-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted' })).body.participantId;
    expect((await provider.post(`${A}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07' })).status).toBe(201);
    expect(
      (
        await provider.post(`${A}/participants/${p1}/placements`, {
          placementId: 'A',
          employerRef: 'e',
          kind: 'ordinary',
          hoursPerWeek: 20,
          startDate: '2019-02-04',
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => t.close());

  it('keeps both facts when the provider and the commissioner send the same key', async () => {
    const evidence = await provider.post(`${A}/participants/${p1}/payroll-evidence`, payroll('ev-A'), keyed(KEY));
    expect(evidence.status).toBe(201);
    expect(evidence.body.events[0].type).toBe('PayrollEvidenceRecorded');

    const week = await commissioner.post(`${A}/participants/${p1}/benefit-weeks`, { week: '2019-W06', benefitPaid: false, source: 'DREAM' }, keyed(KEY));
    expect(week.status).toBe(201);
    expect(week.body.duplicate).toBe(false);
    expect(week.body.events.map((e: { type: string }) => e.type)).toEqual(['BenefitWeekRecorded']);

    const keyedFacts = (await events()).filter((e) => e.metadata.idempotencyKey === KEY && !e.type.startsWith('Outcome'));
    expect(keyedFacts.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['PayrollEvidenceRecorded', 'provider:fokus-folkeoplysning'],
      ['BenefitWeekRecorded', 'commissioner:aalborg-kommune'],
    ]);
    // Two principals' keys are two commands, with ids of their own.
    expect(keyedFacts[0].metadata.commandId).not.toBe(keyedFacts[1].metadata.commandId);
  });

  it('answers a retry (same principal, key and body) with the first result', async () => {
    const before = await events();
    const retry = await provider.post(`${A}/participants/${p1}/payroll-evidence`, payroll('ev-A'), keyed(KEY));
    expect(retry.status).toBe(201);
    expect(retry.body.duplicate).toBe(true);
    expect(retry.body.events[0]).toMatchObject({ type: 'PayrollEvidenceRecorded', data: { evidenceId: 'ev-A' } });
    expect(await events()).toHaveLength(before.length);
  });

  it.each([
    ['another body on the same endpoint', () => provider.post(`${A}/participants/${p1}/payroll-evidence`, payroll('ev-B'), keyed(KEY))],
    ['another endpoint', () => provider.post(`${A}/participants/${p1}/placements/A/end`, { endDate: '2019-03-10', reason: 'contract ended' }, keyed(KEY))],
    ['another contract', () => provider.post(`${B}/participants/${p1}/enrolment`, { enrolledOn: '2019-01-07' }, keyed(KEY))],
  ])("refuses the same principal's key reused for %s: 422 naming Idempotency-Key, nothing recorded", async (_, send) => {
    const before = await events();
    const response = await send();
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, error: 'idempotency-key-reused', field: 'Idempotency-Key' });
    expect(response.body.message).toMatch(/Idempotency-Key/);
    expect(response.body.message).not.toContain(KEY);
    expect(await events()).toHaveLength(before.length);
  });

  it('lets another principal of the same role use the key for its own command', async () => {
    const response = await otherProvider.post(`${A}/participants/${p1}/payroll-evidence`, payroll('ev-other'), keyed(KEY));
    expect(response.status).toBe(201);
    expect(response.body.duplicate).toBe(false);
    expect(response.body.events[0].data).toMatchObject({ evidenceId: 'ev-other' });
  });

  it('gives concurrent retries of one request the one result, recorded once', async () => {
    const key = 'concurrent-retry-0001';
    const body = { week: '2019-W07', benefitPaid: false, source: 'DREAM' };
    const responses = await Promise.all(Array.from({ length: 6 }, () => commissioner.post(`${A}/participants/${p1}/benefit-weeks`, body, keyed(key))));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(responses.filter((r) => !r.body.duplicate)).toHaveLength(1);
    for (const r of responses) expect(r.body.events).toEqual(responses[0].body.events);
    expect((await events()).filter((e) => e.metadata.idempotencyKey === key && e.type === 'BenefitWeekRecorded')).toHaveLength(1);
  });

  it("recognises a referral's retry by the pseudonym, and refuses another CPR number under the key without repeating it", async () => {
    const key = 'referral-batch-0001';
    const first = await commissioner.post(`${A}/referrals`, { cpr: '010203-4321', referredOn: '2019-01-02', intakeOutcome: 'accepted' }, keyed(key));
    expect(first.status).toBe(201);
    const retry = await commissioner.post(`${A}/referrals`, { cpr: '010203-4321', referredOn: '2019-01-02', intakeOutcome: 'accepted' }, keyed(key));
    expect(retry.body).toMatchObject({ duplicate: true, participantId: first.body.participantId });
    const other = await commissioner.post(`${A}/referrals`, { cpr: '020304-5678', referredOn: '2019-01-02', intakeOutcome: 'accepted' }, keyed(key));
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: 'idempotency-key-reused', field: 'Idempotency-Key' });
    const everything = JSON.stringify([other.body, retry.body, await events()]);
    expect(everything).not.toContain('020304');
    expect(everything).not.toContain('010203');
  });

  it("treats an import line's commandId as the same principal's key", async () => {
    const line = { commandId: 'fokus-ev-0002', type: 'RecordPayrollEvidence', data: { participantId: p1, ...payroll('ev-C') } };
    const imported = await provider.post(`${A}/imports`, jsonl([line]), NDJSON);
    expect(imported.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    // The same command sent as a request under that key is a retry of the line.
    const request = await provider.post(`${A}/participants/${p1}/payroll-evidence`, payroll('ev-C'), keyed('fokus-ev-0002'));
    expect(request.body).toMatchObject({ duplicate: true });
    // The key the provider gave a payroll record, used again for an end of placement: refused, and the rest applied.
    const reused = await provider.post(
      `${A}/imports`,
      jsonl([
        { commandId: KEY, type: 'EndPlacement', data: { participantId: p1, placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } },
        { commandId: 'fokus-ev-0003', type: 'RecordPayrollEvidence', data: { participantId: p1, ...payroll('ev-D') } },
      ]),
      NDJSON,
    );
    expect(reused.body).toMatchObject({ lines: 2, accepted: 1, rejected: [{ line: 1, error: 'command-id-reused', field: 'commandId' }] });
    expect(reused.body.rejected[0].message).toMatch(/different command/);
  });
});
