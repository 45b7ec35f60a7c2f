import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/create-app.js';
import { loadConfig } from '#config';
import { Database } from '#database';
import { SubscriptionsHost } from '#event-store';
import { createMatrixTokens, expectRoleMatrix } from '../auth/role-matrix.js';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA, weeks } from '#test-support/impact60.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

const CONTRACT = 'aalborg-impact60';
const C = `/contracts/${CONTRACT}`;

interface Recorded {
  position: number;
  type: string;
  recordedAt: string;
  data: any;
}

/**
 * The read models over real HTTP, on the worked example of §5 recorded as the parties would: the
 * contract at a glance after each row, "as recorded at" an instant between two facts, the
 * participant's timeline, an occurrence's provenance, the occurrences table kept by its catch-up
 * subscription (also across a restart), and the refusals.
 */
describe('read models, as recorded at any instant, over HTTP', () => {
  let t: TestApp;
  let app: INestApplication;
  let baseUrl: string;
  let tokens: Record<'commissioner' | 'provider' | 'investor' | 'auditor' | 'evaluator' | 'payments', string>;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let auditor: ApiClient;
  let payments: ApiClient;
  let p1: string;
  /** Every fact recorded so far, by position. */
  const log: Recorded[] = [];
  /** The last fact of each worked-example row, by row number. */
  const rowEnd: Record<number, Recorded> = {};

  const P = () => `${C}/participants/${p1}`;
  const paymentId = (code: string, occurrence: number, revision: number, participant = p1) => `${CONTRACT}:${participant}:${code}:${occurrence}:${revision}`;
  const at = (path: string, asOf: string) => `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}`;
  const keep = (response: ApiResponse): ApiResponse => {
    expect(response.status).toBe(201);
    for (const event of response.body.events) log.push(event);
    return response;
  };
  const last = (): Recorded => log[log.length - 1];
  const catchUp = () => app.get(SubscriptionsHost).catchUpAll();
  const clients = () => {
    commissioner = new ApiClient(baseUrl, tokens.commissioner);
    provider = new ApiClient(baseUrl, tokens.provider);
    auditor = new ApiClient(baseUrl, tokens.auditor);
    payments = new ApiClient(baseUrl, tokens.payments);
  };

  beforeAll(async () => {
    t = await startTestApp();
    app = t.app;
    baseUrl = t.baseUrl;
    tokens = await createTokens(app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: [CONTRACT] },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: [CONTRACT] },
      investor: { name: 'den-sociale-kapitalfond', role: 'investor', contracts: [CONTRACT] },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
      evaluator: { name: 'vive', role: 'evaluator', contracts: [CONTRACT] },
      payments: { name: 'aalborg-udbetaling', role: 'payment-service', contracts: [CONTRACT] },
    });
    clients();

    keep(await commissioner.post('/contracts', impact60()));
    keep(await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' }));
    const referral = keep(
      await commissioner.post(`${C}/referrals`, { cpr: '070190-1234', referredOn: '2019-01-02', intakeOutcome: 'accepted', intakeVariant: 'thorough' }),
    );
    p1 = referral.body.participantId;
    keep(await commissioner.post(`${C}/referrals`, { cpr: '080291-2345', referredOn: '2019-01-03', intakeOutcome: 'rejected' }));
    keep(await provider.post(`${P()}/enrolment`, { enrolledOn: '2019-01-07' }));
    rowEnd[0] = last();

    // Row 1: placement A with payroll evidence.
    keep(await provider.post(`${P()}/placements`, { placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' }));
    keep(await provider.post(`${P()}/placements/A/end`, { endDate: '2019-03-10', reason: 'contract ended' }));
    keep(
      await provider.post(`${P()}/payroll-evidence`, {
        evidenceId: 'ev-A',
        placementId: 'A',
        periodFrom: '2019-02-04',
        periodTo: '2019-03-10',
        source: 'eIndkomst',
        documentSha256: SHA(1),
      }),
    );
    rowEnd[1] = last();
    // The payment service pays JOB_START #1.
    keep(
      await payments.post(`${C}/payments/${encodeURIComponent(paymentId('JOB_START', 1, 1))}/confirmation`, { reference: 'PAY-1', confirmedOn: '2019-03-01' }),
    );

    // Row 2: placement B, evidence to 2019-06-30.
    keep(await provider.post(`${P()}/placements`, { placementId: 'B', employerRef: 'emp-2', kind: 'ordinary', hoursPerWeek: 30, startDate: '2019-04-01' }));
    keep(
      await provider.post(`${P()}/payroll-evidence`, {
        evidenceId: 'ev-B1',
        placementId: 'B',
        periodFrom: '2019-04-01',
        periodTo: '2019-06-30',
        source: 'eIndkomst',
        documentSha256: SHA(2),
      }),
    );
    rowEnd[2] = last();

    // Row 3: benefit weeks W06 to W31 not paid.
    for (const week of weeks(2019, 6, 31)) keep(await commissioner.post(`${P()}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    rowEnd[3] = last();
    // SELF_SUPPORT_26W #1 is paid before the register correction takes it back.
    keep(
      await payments.post(`${C}/payments/${encodeURIComponent(paymentId('SELF_SUPPORT_26W', 1, 1))}/confirmation`, {
        reference: 'PAY-2',
        confirmedOn: '2019-08-20',
      }),
    );

    // Row 4: evidence for B extended to 2019-08-25.
    keep(
      await provider.post(`${P()}/payroll-evidence`, {
        evidenceId: 'ev-B2',
        placementId: 'B',
        periodFrom: '2019-07-01',
        periodTo: '2019-08-25',
        source: 'eIndkomst',
        documentSha256: SHA(3),
      }),
    );
    rowEnd[4] = last();
  });
  afterAll(async () => {
    await app.close();
    await t.db.drop();
  });

  const summary = async (asOf?: string) => {
    const response = await auditor.get(asOf === undefined ? C : at(C, asOf));
    expect(response.status).toBe(200);
    return response.body;
  };
  const outcome = (body: any, code: string) => body.outcomes.find((o: any) => o.code === code);

  it('row 4: the contract at a glance: 11,000,000 triggered, P1 at the cap, JOB_13W #2 counted as capped', async () => {
    const body = await summary();
    expect(body).toMatchObject({
      contractId: CONTRACT,
      version: rowEnd[4].position,
      contract: {
        title: 'IMPACT60',
        currency: 'DKK',
        status: 'active',
        termsVersion: 1,
        activatedOn: '2018-09-01',
        termination: null,
        targetParticipants: 120,
        period: { start: '2018-09-01', end: '2022-12-31' },
        window: { start: '2018-09-01', end: '2022-12-31' },
      },
      participants: { total: 2, referred: 0, rejected: 1, enrolled: 1, withdrawn: 0 },
      funnel: { referred: 2, enrolled: 1, placed: 1, anyOutcome: 1, lastingOutcome: 1, lastingOutcomeCodes: ['JOB_13W', 'SELF_SUPPORT_26W'] },
      money: {
        triggered: 11_000_000,
        owed: 11_000_000,
        paid: 8_000_000,
        recovered: 0,
        confirmed: 8_000_000,
        due: 3_000_000,
        toRecover: 0,
        superseded: 0,
        net: 3_000_000,
      },
      caps: { total: 600_000_000, used: 11_000_000, headroom: 589_000_000, perParticipant: 11_000_000, participantsAtCap: 1 },
    });
    expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(body.outcomes.map((o: any) => o.code)).toEqual(['JOB_START', 'JOB_13W', 'SELF_SUPPORT_26W']);
    expect(outcome(body, 'JOB_START')).toMatchObject({ verified: { count: 1, amount: 2_000_000 }, capped: { count: 0 }, reversed: { count: 0 } });
    expect(outcome(body, 'JOB_13W')).toMatchObject({
      trigger: 'employmentSustained',
      price: 3_000_000,
      maxPerParticipant: 2,
      verified: { count: 2, amount: 3_000_000 },
      capped: { count: 1, amount: 0, shortfall: 3_000_000 },
      reversed: { count: 0, amount: 0 },
    });
    expect(outcome(body, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 1, amount: 6_000_000 }, reversed: { count: 0 } });
  });

  it('row 5: the register correction of W20 takes SELF_SUPPORT_26W #1 back: 5,000,000 triggered, 6,000,000 paid to recover', async () => {
    keep(await commissioner.post(`${P()}/benefit-weeks`, { week: '2019-W20', benefitPaid: true, source: 'DREAM correction' }));
    rowEnd[5] = last();
    expect(last()).toMatchObject({ type: 'OutcomeReversed', data: { paymentId: paymentId('SELF_SUPPORT_26W', 1, 1) } });
    const body = await summary();
    expect(body.version).toBe(rowEnd[5].position);
    expect(body.money).toEqual({
      triggered: 5_000_000,
      owed: 5_000_000,
      paid: 8_000_000,
      recovered: 0,
      confirmed: 8_000_000,
      due: 3_000_000,
      toRecover: 6_000_000,
      superseded: 0,
      net: -3_000_000,
    });
    expect(body.caps).toMatchObject({ used: 5_000_000, participantsAtCap: 0 });
    expect(body.funnel).toMatchObject({ anyOutcome: 1, lastingOutcome: 1 });
    expect(outcome(body, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 0, amount: 0 }, reversed: { count: 1, amount: 6_000_000 } });
    expect(outcome(body, 'JOB_13W')).toMatchObject({ verified: { count: 2, amount: 3_000_000 }, capped: { count: 1, amount: 0 } });
  });

  it('row 6: weeks W32–W46 verify SELF_SUPPORT_26W #1 anew: 11,000,000 triggered again', async () => {
    for (const week of weeks(2019, 32, 46)) keep(await commissioner.post(`${P()}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    rowEnd[6] = last();
    expect(last()).toMatchObject({ type: 'OutcomeVerified', data: { paymentId: paymentId('SELF_SUPPORT_26W', 1, 2), achievedOn: '2019-11-17' } });
    const body = await summary();
    expect(body.money).toEqual({
      triggered: 11_000_000,
      owed: 11_000_000,
      paid: 8_000_000,
      recovered: 0,
      confirmed: 8_000_000,
      due: 9_000_000,
      toRecover: 6_000_000,
      superseded: 0,
      net: 3_000_000,
    });
    expect(body.caps).toMatchObject({ used: 11_000_000, headroom: 589_000_000, participantsAtCap: 1 });
    expect(outcome(body, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 1, amount: 6_000_000 }, reversed: { count: 1, amount: 6_000_000 } });
    expect(outcome(body, 'JOB_13W')).toMatchObject({ capped: { count: 1, amount: 0, shortfall: 3_000_000 } });
  });

  it('asOf between two facts answers what was known then: before the correction, SELF_SUPPORT_26W #1 still stood', async () => {
    const beforeCorrection = rowEnd[4].recordedAt;
    const then = await summary(beforeCorrection);
    expect(then).toMatchObject({ asOf: beforeCorrection, version: rowEnd[4].position, money: { triggered: 11_000_000, toRecover: 0 } });
    expect(outcome(then, 'SELF_SUPPORT_26W')).toMatchObject({ verified: { count: 1 }, reversed: { count: 0 } });

    // The same instant written with an offset is the same instant.
    const plusTwo = new Date(Date.parse(beforeCorrection.slice(0, 23) + 'Z') + 2 * 3600_000).toISOString().slice(0, 19);
    const offset = `${plusTwo}.${beforeCorrection.slice(20, 26)}+02:00`;
    expect(await summary(offset)).toMatchObject({ asOf: beforeCorrection, version: rowEnd[4].position });

    // Each row, as recorded at its last fact.
    expect((await summary(rowEnd[0].recordedAt)).money.triggered).toBe(0);
    expect((await summary(rowEnd[1].recordedAt)).money.triggered).toBe(2_000_000);
    expect((await summary(rowEnd[2].recordedAt)).money).toMatchObject({ triggered: 5_000_000, confirmed: 2_000_000 });
    expect((await summary(rowEnd[5].recordedAt)).money.triggered).toBe(5_000_000);

    const participants = await auditor.get(at(`${C}/participants`, rowEnd[0].recordedAt));
    expect(participants.body.participants.find((p: any) => p.participantId === p1)).toMatchObject({ status: 'enrolled', placements: 0, committed: 0 });
  });

  it('asOf before the contract was registered: 400 as-of-before-contract, saying when it was; an unknown contract stays a 404', async () => {
    const response = await auditor.get(at(C, '2000-01-01T00:00:00Z'));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'as-of-before-contract', field: 'asOf', message: expect.stringContaining(log[0].recordedAt) });
    // The instant it was registered is the first that is answered.
    expect((await summary(log[0].recordedAt)).version).toBe(1);
    const unknown = await auditor.get(at('/contracts/no-such-contract', '2000-01-01T00:00:00Z'));
    expect(unknown).toMatchObject({ status: 404, body: { error: 'contract-not-found' } });
  });

  it('lists the participants with status, dates, placements and money against the cap', async () => {
    const response = await auditor.get(`${C}/participants`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ contractId: CONTRACT, version: last().position, currency: 'DKK', perParticipantCap: 11_000_000 });
    expect(response.body.participants).toHaveLength(2);
    expect(response.body.participants[0]).toEqual({
      participantId: p1,
      status: 'enrolled',
      referredOn: '2019-01-02',
      intakeVariant: 'thorough',
      intakeOutcome: 'accepted',
      enrolledOn: '2019-01-07',
      withdrawnOn: null,
      withdrawalReason: null,
      placements: 2,
      occurrences: 4,
      committed: 11_000_000,
      confirmed: 8_000_000,
      headroom: 0,
    });
    expect(response.body.participants[1]).toMatchObject({
      status: 'rejected',
      intakeOutcome: 'rejected',
      enrolledOn: null,
      committed: 0,
      headroom: 11_000_000,
    });
  });

  it('the timeline: P1’s facts and occurrences in log order, superseded records marked', async () => {
    const response = await auditor.get(`${P()}/timeline`);
    expect(response.status).toBe(200);
    const { timeline, participant } = response.body;
    expect(participant).toMatchObject({ participantId: p1, status: 'enrolled' });
    const mine = log.filter((e) => e.data.participantId === p1 || (e.type === 'PaymentConfirmed' && e.data.paymentId.includes(p1)));
    expect(timeline.map((e: any) => e.position)).toEqual(mine.map((e) => e.position));
    expect(timeline.map((e: any) => e.type).slice(0, 6)).toEqual([
      'ParticipantReferred',
      'ParticipantEnrolled',
      'PlacementStarted',
      'PlacementEnded',
      'PayrollEvidenceRecorded',
      'OutcomeVerified',
    ]);
    expect(timeline[0]).toMatchObject({ kind: 'fact', actor: 'commissioner:aalborg-kommune', data: { referredOn: '2019-01-02' }, supersededBy: null });
    expect(timeline[2]).toMatchObject({ kind: 'fact', actor: 'provider:fokus-folkeoplysning', data: { placementId: 'A' } });
    expect(timeline.find((e: any) => e.type === 'PaymentConfirmed')).toMatchObject({ kind: 'payment', data: { reference: 'PAY-1' } });

    const w20 = timeline.filter((e: any) => e.type === 'BenefitWeekRecorded' && e.data.week === '2019-W20');
    expect(w20).toHaveLength(2);
    expect(w20[0]).toMatchObject({ data: { benefitPaid: false }, supersededBy: w20[1].position });
    expect(w20[1]).toMatchObject({ data: { benefitPaid: true }, supersededBy: null });
    const reversed = timeline.find((e: any) => e.type === 'OutcomeVerified' && e.data.paymentId === paymentId('SELF_SUPPORT_26W', 1, 1));
    expect(reversed).toMatchObject({ kind: 'outcome', supersededBy: rowEnd[5].position });

    // As recorded before the correction: one W20 record, standing; nothing after.
    const then = await auditor.get(at(`${P()}/timeline`, rowEnd[4].recordedAt));
    expect(then.body.version).toBe(rowEnd[4].position);
    expect(then.body.timeline.filter((e: any) => e.data.week === '2019-W20')).toEqual([expect.objectContaining({ supersededBy: null })]);
    expect(then.body.timeline[then.body.timeline.length - 1].position).toBe(rowEnd[4].position);
  });

  it('provenance: JOB_13W #1 names the enrolment, placements A and B and their evidence, by position', async () => {
    const id = paymentId('JOB_13W', 1, 1);
    const response = await auditor.get(`${C}/occurrences/${encodeURIComponent(id)}`);
    expect(response.status).toBe(200);
    const body = response.body;
    const position = (type: string, match: (data: any) => boolean) => log.find((e) => e.type === type && match(e.data))!.position;
    const expected = [
      position('ParticipantEnrolled', (d) => d.participantId === p1),
      position('PlacementStarted', (d) => d.placementId === 'A'),
      position('PlacementEnded', (d) => d.placementId === 'A'),
      position('PayrollEvidenceRecorded', (d) => d.evidenceId === 'ev-A'),
      position('PlacementStarted', (d) => d.placementId === 'B'),
      position('PayrollEvidenceRecorded', (d) => d.evidenceId === 'ev-B1'),
    ];
    expect(body.occurrence).toMatchObject({
      paymentId: id,
      participantId: p1,
      outcomeCode: 'JOB_13W',
      occurrence: 1,
      revision: 1,
      achievedOn: '2019-05-26',
      price: 3_000_000,
      amount: 3_000_000,
      capReason: null,
      status: 'verified',
      provenance: expected,
      reversal: null,
      confirmation: null,
    });
    expect(body.provenance.map((f: any) => f.position)).toEqual(expected);
    expect(body.provenance.map((f: any) => f.type)).toEqual([
      'ParticipantEnrolled',
      'PlacementStarted',
      'PlacementEnded',
      'PayrollEvidenceRecorded',
      'PlacementStarted',
      'PayrollEvidenceRecorded',
    ]);
    expect(body.provenance[3]).toMatchObject({ actor: 'provider:fokus-folkeoplysning', data: { evidenceId: 'ev-A', documentSha256: SHA(1) } });
    expect(body.verification).toMatchObject({ type: 'OutcomeVerified', position: rowEnd[2].position, data: { paymentId: id } });
    expect(body.occurrence.verified).toEqual({ position: rowEnd[2].position, recordedAt: rowEnd[2].recordedAt });
    expect(body.reversal).toBeNull();
  });

  it('provenance of a reversed occurrence names the reversal’s cause; as recorded before it, there was none', async () => {
    const id = paymentId('SELF_SUPPORT_26W', 1, 1);
    const response = await auditor.get(`${C}/occurrences/${encodeURIComponent(id)}`);
    expect(response.status).toBe(200);
    const correction = log.find((e) => e.type === 'BenefitWeekRecorded' && e.data.week === '2019-W20' && e.data.benefitPaid)!;
    expect(response.body.occurrence).toMatchObject({
      status: 'reversed',
      reversal: { position: rowEnd[5].position, recordedAt: rowEnd[5].recordedAt, reason: 'no-longer-holds' },
      confirmation: { reference: 'PAY-2', amount: 6_000_000 },
    });
    expect(response.body.reversal.fact).toMatchObject({ type: 'OutcomeReversed', position: rowEnd[5].position, data: { amount: -6_000_000 } });
    expect(response.body.reversal.cause).toEqual([
      expect.objectContaining({
        position: correction.position,
        type: 'BenefitWeekRecorded',
        actor: 'commissioner:aalborg-kommune',
        data: expect.objectContaining({ week: '2019-W20', benefitPaid: true }),
      }),
    ]);
    expect(response.body.confirmation).toMatchObject({ type: 'PaymentConfirmed', actor: 'payment-service:aalborg-udbetaling' });
    // 26 weeks and the enrolment.
    expect(response.body.provenance).toHaveLength(27);

    const then = await auditor.get(at(`${C}/occurrences/${encodeURIComponent(id)}`, rowEnd[4].recordedAt));
    expect(then.body).toMatchObject({ version: rowEnd[4].position, occurrence: { status: 'verified', reversal: null }, reversal: null });
    const before = await auditor.get(at(`${C}/occurrences/${encodeURIComponent(id)}`, rowEnd[2].recordedAt));
    expect(before.status).toBe(404);
    expect(before.body).toMatchObject({ error: 'occurrence-not-found', field: 'paymentId' });
  });

  it('the occurrences table: one row per payment identity, filtered by status, as recorded at asOf', async () => {
    await catchUp();
    const all = await auditor.get(`${C}/occurrences`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      contractId: CONTRACT,
      version: last().position,
      filter: null,
      projectedThrough: { contractVersion: last().position, behind: 0 },
    });
    expect(all.body.projectedThrough.globalPosition).toMatch(/^\d+$/);
    expect(all.body.occurrences.map((o: any) => o.paymentId)).toEqual([
      paymentId('JOB_START', 1, 1),
      paymentId('JOB_13W', 1, 1),
      paymentId('SELF_SUPPORT_26W', 1, 1),
      paymentId('JOB_13W', 2, 1),
      paymentId('SELF_SUPPORT_26W', 1, 2),
    ]);
    // Each row is what the provenance endpoint (from the contract state) says of it.
    for (const row of all.body.occurrences) {
      const single = await auditor.get(`${C}/occurrences/${encodeURIComponent(row.paymentId)}`);
      expect(row).toEqual(single.body.occurrence);
    }

    const ids = async (query: string) => (await payments.get(`${C}/occurrences${query}`)).body.occurrences.map((o: any) => o.paymentId);
    expect(await ids('?status=verified')).toEqual([
      paymentId('JOB_START', 1, 1),
      paymentId('JOB_13W', 1, 1),
      paymentId('JOB_13W', 2, 1),
      paymentId('SELF_SUPPORT_26W', 1, 2),
    ]);
    expect(await ids('?status=reversed')).toEqual([paymentId('SELF_SUPPORT_26W', 1, 1)]);
    expect(await ids('?status=capped')).toEqual([paymentId('JOB_13W', 2, 1)]);
    // By the state of the money: JOB_13W #2, capped to 0, is due 0; SELF_SUPPORT_26W #1, paid then reversed, is to recover.
    expect(await ids('?status=due')).toEqual([paymentId('JOB_13W', 1, 1), paymentId('JOB_13W', 2, 1), paymentId('SELF_SUPPORT_26W', 1, 2)]);
    expect(await ids('?status=paid')).toEqual([paymentId('JOB_START', 1, 1)]);
    expect(await ids('?status=to-recover')).toEqual([paymentId('SELF_SUPPORT_26W', 1, 1)]);
    expect(await ids('?status=superseded')).toEqual([]);

    // Before the correction, the reversed occurrence shows as verified (and paid); the later ones are not there.
    const then = await payments.get(at(`${C}/occurrences`, rowEnd[4].recordedAt));
    expect(then.body).toMatchObject({ asOf: rowEnd[4].recordedAt, version: rowEnd[4].position, projectedThrough: { behind: 0 } });
    expect(then.body.occurrences.map((o: any) => [o.paymentId, o.status])).toEqual([
      [paymentId('JOB_START', 1, 1), 'verified'],
      [paymentId('JOB_13W', 1, 1), 'verified'],
      [paymentId('SELF_SUPPORT_26W', 1, 1), 'verified'],
      [paymentId('JOB_13W', 2, 1), 'verified'],
    ]);
    expect(then.body.occurrences[2]).toMatchObject({ reversal: null, state: 'paid', confirmation: { reference: 'PAY-2' } });
    expect((await payments.get(at(`${C}/occurrences?status=reversed`, rowEnd[4].recordedAt))).body.occurrences).toEqual([]);
    // Before PAY-2 was recorded, SELF_SUPPORT_26W #1 was due.
    expect((await payments.get(at(`${C}/occurrences?status=due`, rowEnd[3].recordedAt))).body.occurrences.map((o: any) => o.paymentId)).toEqual([
      paymentId('JOB_13W', 1, 1),
      paymentId('SELF_SUPPORT_26W', 1, 1),
    ]);
  });

  it('refuses a malformed asOf or status with a 400 naming the parameter, and an unknown contract with a 404', async () => {
    for (const path of [
      C,
      `${C}/participants`,
      `${P()}/timeline`,
      `${C}/occurrences`,
      `${C}/occurrences/${encodeURIComponent(paymentId('JOB_START', 1, 1))}`,
    ]) {
      for (const bad of ['yesterday', '2019-08-10', '2019-02-30T12:00:00Z', '2019-08-10T12:00:00', '2019-08-10T25:00:00Z']) {
        const response = await auditor.get(at(path, bad));
        expect({ path, bad, status: response.status, field: response.body.field }).toEqual({ path, bad, status: 400, field: 'asOf' });
      }
    }
    const status = await auditor.get(`${C}/occurrences?status=owed`);
    expect(status).toMatchObject({ status: 400, body: { field: 'status' } });
    const unknownParameter = await auditor.get(`${C}?since=2019`);
    expect(unknownParameter.status).toBe(400);

    for (const path of [
      '/contracts/no-such-contract',
      '/contracts/no-such-contract/participants',
      '/contracts/no-such-contract/occurrences',
      `/contracts/no-such-contract/participants/${p1}/timeline`,
      '/contracts/no-such-contract/occurrences/x:y:JOB_START:1:1',
    ]) {
      const response = await auditor.get(path);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 404,
        body: expect.objectContaining({ error: 'contract-not-found' }),
      });
    }
    const participant = await auditor.get(`${C}/participants/p_${'0'.repeat(32)}/timeline`);
    expect(participant).toMatchObject({ status: 404, body: { error: 'participant-not-found' } });
    const occurrence = await auditor.get(`${C}/occurrences/${encodeURIComponent(paymentId('JOB_START', 2, 1))}`);
    expect(occurrence).toMatchObject({ status: 404, body: { error: 'occurrence-not-found' } });
  });

  it('admits the roles of each read model, and only for their contracts', async () => {
    const matrix = await createMatrixTokens(app, [CONTRACT]);
    const readers = ['commissioner', 'provider', 'investor', 'auditor'] as const;
    await expectRoleMatrix(baseUrl, matrix, [
      { method: 'GET', path: C, allowed: [...readers, 'evaluator'] },
      { method: 'GET', path: `${C}/occurrences`, allowed: [...readers, 'payment-service'] },
      { method: 'GET', path: `${C}/participants`, allowed: readers },
      { method: 'GET', path: `${P()}/timeline`, allowed: readers },
      { method: 'GET', path: `${C}/occurrences/${encodeURIComponent(paymentId('JOB_START', 1, 1))}`, allowed: readers },
    ]);
  });

  it('documents every read model in the OpenAPI document, with asOf', async () => {
    const document = (await new ApiClient(baseUrl).get('/openapi.json')).body;
    const routes = [
      '/contracts/{contractId}',
      '/contracts/{contractId}/participants',
      '/contracts/{contractId}/participants/{participantId}/timeline',
      '/contracts/{contractId}/occurrences',
      '/contracts/{contractId}/occurrences/{paymentId}',
    ];
    for (const route of routes) {
      const operation = document.paths[route].get;
      expect(operation.tags).toEqual(['read models']);
      expect(operation.parameters.filter((p: any) => p.name === 'asOf')).toEqual([expect.objectContaining({ in: 'query', required: false })]);
      expect(operation.responses['200'].content['application/json'].schema.$ref).toMatch(/Response$/);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    }
  });

  it('the occurrences table is kept by a subscription that resumes after a restart: no duplicates, no gaps', async () => {
    await catchUp();
    const db = () => app.get(Database).pool;
    const checkpoint = async () =>
      (await db().query(`SELECT global_position::text AS p FROM es_subscriptions WHERE subscription_id = 'contracts.occurrences'`)).rows[0].p as string;
    const stoppedAt = await checkpoint();

    // Restart without the projections running: facts recorded meanwhile are not in the table yet,
    // and the answer says so instead of waiting.
    await app.close();
    await restart({ RUN_PROJECTIONS: 'false' });
    expect(await checkpoint()).toBe(stoppedAt);
    const p2 = keep(await commissioner.post(`${C}/referrals`, { cpr: '090392-3456', referredOn: '2019-02-01', intakeOutcome: 'accepted' })).body.participantId;
    const P2 = `${C}/participants/${p2}`;
    keep(await provider.post(`${P2}/enrolment`, { enrolledOn: '2019-02-04' }));
    keep(await provider.post(`${P2}/placements`, { placementId: 'C', employerRef: 'emp-3', kind: 'flexjob', hoursPerWeek: 25, startDate: '2019-03-04' }));
    keep(
      await provider.post(`${P2}/payroll-evidence`, {
        evidenceId: 'ev-C',
        placementId: 'C',
        periodFrom: '2019-03-04',
        periodTo: '2019-06-30',
        source: 'eIndkomst',
        documentSha256: SHA(4),
      }),
    );
    expect(log.filter((e) => e.type === 'OutcomeVerified' && e.data.participantId === p2).map((e) => e.data.outcomeCode)).toEqual(['JOB_START', 'JOB_13W']);
    const lagging = await auditor.get(`${C}/occurrences`);
    expect(lagging.body.occurrences).toHaveLength(5);
    expect(lagging.body.projectedThrough).toMatchObject({ globalPosition: stoppedAt, behind: last().position - lagging.body.version });
    expect(lagging.body.projectedThrough.behind).toBeGreaterThan(0);

    // Restart with the projections: the subscription resumes from its checkpoint on its own.
    await app.close();
    await restart({});
    const deadline = Date.now() + 10_000;
    let caughtUp = await auditor.get(`${C}/occurrences`);
    while (caughtUp.body.projectedThrough.behind > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      caughtUp = await auditor.get(`${C}/occurrences`);
    }
    expect(caughtUp.body).toMatchObject({ version: last().position, projectedThrough: { behind: 0 } });
    const verified = log.filter((e) => e.type === 'OutcomeVerified');
    expect(caughtUp.body.occurrences.map((o: any) => [o.paymentId, o.verified.position])).toEqual(verified.map((e) => [e.data.paymentId, e.position]));

    // Rebuilt from scratch (its checkpoint gone): the same table, row for row.
    await app.get(SubscriptionsHost).beforeApplicationShutdown();
    await db().query(`DELETE FROM es_subscriptions WHERE subscription_id = 'contracts.occurrences'`);
    await catchUp();
    const rebuilt = await auditor.get(`${C}/occurrences`);
    expect(rebuilt.body.occurrences).toEqual(caughtUp.body.occurrences);
    const { rows } = await db().query(`SELECT count(*)::int AS n, count(DISTINCT payment_id)::int AS d FROM rm_occurrences`);
    expect(rows[0]).toEqual({ n: verified.length, d: verified.length });
  });

  async function restart(env: Record<string, string>): Promise<void> {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SUBSCRIPTION_POLL_MS: '20',
      PSEUDONYM_KEY: 'ab'.repeat(32),
      LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY,
      ...env,
      DATABASE_URL: t.db.url,
    });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    clients();
  }
});
