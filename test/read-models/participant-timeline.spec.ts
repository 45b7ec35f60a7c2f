import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CommandBus, type Query, QueryBus } from '@nestjs/cqrs';
import { ExecuteContractBatch, GetOccurrenceProvenanceQuery, GetParticipantTimelineQuery, occurrenceProvenanceView, participantTimelineView } from '#contracts';
import { type ContractCommand, contractStreamId, DomainError, replay } from '#domain';
import { cmd, impact60Definition, weekRange } from '#domain/testing/contract.harness.js';
import { EventStreamReader } from '#event-store';
import { recordLargeContract } from '#test-support/large-contract.js';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

// Pseudonyms, as the API addresses participants by them.
const P1 = `p_${'1'.repeat(32)}`;
const P2 = `p_${'2'.repeat(32)}`;
const P3 = `p_${'3'.repeat(32)}`;
const P4 = `p_${'4'.repeat(32)}`;

const PAY = (participant: string, code: string, occurrence: number, revision: number): string =>
  `aalborg-impact60:${participant}:${code}:${occurrence}:${revision}`;

/** The terms amended: a higher cap per participant (every participant's headroom changes). */
const RAISED_CAP = ((definition) => ({ ...definition, caps: { ...definition.caps, perParticipant: (definition.caps.perParticipant ?? 0) + 1_000_000 } }))(
  impact60Definition(),
);

/**
 * §5's worked example for P1 (paid, reversed, recovered, verified anew, evidence revoked), P2
 * rejected at intake, P3 withdrawn after a placement, then an amendment, a termination proposal
 * withdrawn, a termination and an agreed settlement that supersedes P1's open amounts, and a
 * payment confirmed after it: one command per transaction, so that every fact has an instant of
 * its own.
 */
const WORKED_EXAMPLE: ContractCommand[] = [
  cmd.register(),
  cmd.activate(),
  cmd.refer(P1),
  cmd.refer(P2, '2018-12-01', 'rejected'),
  cmd.refer(P3),
  cmd.enrol(P3, '2019-01-07'),
  cmd.start(P3, 'X', '2019-01-14', 10, 'education'),
  cmd.withdraw(P3, '2019-02-01'),
  cmd.enrol(P1, '2019-01-07'),
  cmd.start(P1, 'A', '2019-02-04', 20),
  cmd.end(P1, 'A', '2019-03-10'),
  cmd.evidence(P1, 'A', 'EA', '2019-02-04', '2019-03-10'),
  cmd.confirm(PAY(P1, 'JOB_START', 1, 1), 'PAY-1', '2019-03-01'),
  cmd.start(P1, 'B', '2019-04-01', 30),
  cmd.evidence(P1, 'B', 'EB1', '2019-04-01', '2019-06-30'),
  ...weekRange(2019, 6, 31).map((week) => cmd.week(P1, week, false)),
  cmd.confirm(PAY(P1, 'SELF_SUPPORT_26W', 1, 1), 'PAY-2', '2019-08-20'),
  cmd.evidence(P1, 'B', 'EB2', '2019-07-01', '2019-08-25'),
  cmd.week(P1, '2019-W20', true),
  cmd.recover(PAY(P1, 'SELF_SUPPORT_26W', 1, 1), 'REC-2', '2019-09-01'),
  ...weekRange(2019, 32, 46).map((week) => cmd.week(P1, week, false)),
  cmd.revoke(P1, 'EB2'),
  cmd.amend(RAISED_CAP),
  cmd.proposeTermination('commissioner', '2019-11-30', 'expectedValue', 'aalborg-kommune'),
  cmd.withdrawTermination(1, 'commissioner', 'aalborg-kommune'),
  cmd.terminate('2019-12-31'),
  cmd.propose('commissioner', 'aalborg-kommune'),
  cmd.agree(1, 'investor', 'den-sociale-kapitalfond'),
  cmd.confirm(PAY(P1, 'JOB_13W', 1, 1), 'PAY-3', '2020-01-10'),
];

/**
 * The timeline reads the participant's row from the state as recorded at asOf and its own events
 * from the store, where it used to fold the whole stream and filter it; as recorded at an earlier
 * instant, the row comes from the participant's part of the state (ParticipantHistory), and so
 * does an occurrence's ledger entry. For every participant and every occurrence, at every instant
 * of the log (one command a transaction: each version an asOf can name) and now, the answer is the
 * one the fold of the whole stream gives (kept here only, as the reference).
 */
describe("a participant's timeline and an occurrence's provenance, read by participant, answer what the fold of the whole stream answered", () => {
  let t: TestApp;
  let app: INestApplication;
  let auditor: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    app = t.app;
    const tokens = await createTokens(app, { auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' } });
    auditor = new ApiClient(t.baseUrl, tokens.auditor);
    const commandBus = app.get(CommandBus);
    for (const command of WORKED_EXAMPLE) {
      const [outcome] = await commandBus.execute(new ExecuteContractBatch('aalborg-impact60', [{ command, metadata }]));
      expect(outcome).not.toHaveProperty('rejected');
    }
  });
  afterAll(async () => {
    await app.close();
    await t.db.drop();
  });

  const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
  const logOf = (contractId: string, asOf?: string) => app.get(EventStreamReader).readStream(contractStreamId(contractId), { recordedAtOrBefore: asOf });
  /** The old answer for every participant: the stream as recorded at asOf (or now), read and folded whole, and filtered. */
  const byFold = async (contractId: string, participants: readonly string[], asOf?: string) => {
    const events = await logOf(contractId, asOf);
    const state = replay(events);
    return participants.map((participantId) => participantTimelineView(state, events, participantId, asOf ?? 'now'));
  };
  /** The old answer for every occurrence, likewise: its ledger entry in the whole fold, its facts from the stream. */
  const provenanceByFold = async (contractId: string, paymentIds: readonly string[], asOf?: string) => {
    const events = await logOf(contractId, asOf);
    const state = replay(events);
    const facts = new Map(events.map((event) => [event.streamVersion, event]));
    return paymentIds.map((paymentId) => {
      const entry = state.ledger.get(paymentId);
      return entry === undefined ? undefined : occurrenceProvenanceView({ contractId, asOf: asOf ?? 'now', version: state.version }, entry, facts);
    });
  };
  /** The new answer, undefined where the query answers `notFound` (404), as the old one was. */
  const answerOf = async <T>(query: Query<T>, notFound: string): Promise<T | undefined> => {
    try {
      return await app.get(QueryBus).execute(query);
    } catch (error) {
      if (error instanceof DomainError && error.code === notFound) return undefined;
      throw error;
    }
  };
  const byParticipant = (contractId: string, participantId: string, asOf?: string) =>
    answerOf(new GetParticipantTimelineQuery(contractId, participantId, asOf), 'participant-not-found');
  const byOccurrence = (contractId: string, paymentId: string, asOf?: string) =>
    answerOf(new GetOccurrenceProvenanceQuery(contractId, paymentId, asOf), 'occurrence-not-found');
  const withoutAsOf = <T extends { asOf: string }>(view: T | undefined) => (view === undefined ? undefined : { ...view, asOf: undefined });
  /** The two answers for one item at one instant (but for `asOf` now: now moves). */
  const expectSame = (item: string, asOf: string | undefined, view: { asOf: string } | undefined, reference: { asOf: string } | undefined) => {
    if (asOf === undefined) expect({ item, asOf, view: withoutAsOf(view) }).toEqual({ item, asOf, view: withoutAsOf(reference) });
    else expect({ item, asOf, view }).toEqual({ item, asOf, view: reference });
  };

  /** Compares the two timelines for each participant at `instants`, and now; returns how many timeline entries were compared. */
  const expectSameTimelines = async (contractId: string, participants: readonly string[], instants: readonly string[]): Promise<number> => {
    let entries = 0;
    for (const asOf of [...instants, undefined]) {
      const reference = await byFold(contractId, participants, asOf);
      for (const [i, participantId] of participants.entries()) {
        expectSame(participantId, asOf, await byParticipant(contractId, participantId, asOf), reference[i]);
        entries += reference[i]?.timeline.length ?? 0;
      }
    }
    return entries;
  };

  /** Compares the two provenances for each occurrence (and one never recorded) at `instants`, and now; returns how many were found. */
  const expectSameProvenances = async (contractId: string, paymentIds: readonly string[], instants: readonly string[]): Promise<number> => {
    let found = 0;
    const asked = [...paymentIds, `${contractId}:nobody:JOB_START:1:1`];
    for (const asOf of [...instants, undefined]) {
      const reference = await provenanceByFold(contractId, asked, asOf);
      for (const [i, paymentId] of asked.entries()) {
        expectSame(paymentId, asOf, await byOccurrence(contractId, paymentId, asOf), reference[i]);
        if (reference[i] !== undefined) found += 1;
      }
    }
    return found;
  };

  const paymentIdsOf = async (contractId: string) =>
    (await logOf(contractId)).filter((event) => event.type === 'OutcomeVerified').map((event) => (event.data as { paymentId: string }).paymentId);

  it('on the worked example: every participant, as recorded at every fact', async () => {
    const log = await logOf('aalborg-impact60');
    const types = new Set(log.map((event) => event.type));
    for (const type of [
      'OutcomeReversed',
      'PaymentConfirmed',
      'PaymentRecovered',
      'PayrollEvidenceRevoked',
      'ContractAmended',
      'TerminationProposalWithdrawn',
      'SettlementAgreed',
      'PaymentSuperseded',
      'SettlementAdjusted',
    ]) {
      expect(types).toContain(type);
    }
    // Before P1 was referred (P2 and P3 are not there yet either), and after each fact; P4 never is.
    const instants = [...new Set(log.map((event) => event.recordedAt))];
    const entries = await expectSameTimelines('aalborg-impact60', [P1, P2, P3, P4], instants);
    expect(entries).toBeGreaterThan(1000);
  });

  it('on the worked example: every occurrence, as recorded at every fact', async () => {
    const log = await logOf('aalborg-impact60');
    const instants = [...new Set(log.map((event) => event.recordedAt))];
    const paymentIds = await paymentIdsOf('aalborg-impact60');
    // JOB_START #1, JOB_13W #1 and #2, SELF_SUPPORT_26W #1 revisions 1 (reversed) and 2.
    expect(paymentIds).toHaveLength(5);
    // Each occurrence from the instant it was verified on; before it, a 404 as the fold's.
    expect(await expectSameProvenances('aalborg-impact60', paymentIds, instants)).toBeGreaterThan(150);
  });

  it('as recorded at an instant before the contract, in the future, or of no contract: the refusals of before', async () => {
    const [registration] = await logOf('aalborg-impact60');
    const before = new Date(Date.parse(registration.recordedAt) - 60_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const [paymentId] = await paymentIdsOf('aalborg-impact60');
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => undefined,
        (error: DomainError) => error.code,
      );
    for (const [contractId, asOf, code] of [
      ['aalborg-impact60', before, 'as-of-before-contract'],
      ['aalborg-impact60', later, 'as-of-in-the-future'],
      ['aalborg-impact60', 'yesterday', 'invalid-as-of'],
      ['nowhere', registration.recordedAt, 'contract-not-found'],
    ]) {
      expect(await refusal(app.get(QueryBus).execute(new GetParticipantTimelineQuery(contractId, P1, asOf)))).toBe(code);
      expect(await refusal(app.get(QueryBus).execute(new GetOccurrenceProvenanceQuery(contractId, paymentId, asOf)))).toBe(code);
    }
  });

  it("over HTTP: the recovery of P1's payment and the settlement's supersession of P1's open payments, as payment entries", async () => {
    const log = await logOf('aalborg-impact60');
    const dataOf = (event: { data: unknown }) => event.data as { participantId?: string; paymentId?: string };
    const p1Payments = new Set(
      log.filter((event) => event.type === 'OutcomeVerified' && dataOf(event).participantId === P1).map((event) => dataOf(event).paymentId),
    );
    const about = (type: string, payments: Set<unknown>) =>
      log.filter((event) => event.type === type && payments.has(dataOf(event).paymentId)).map((event) => event.streamVersion);
    const superseded = about('PaymentSuperseded', p1Payments);
    expect(superseded.length).toBeGreaterThan(0);

    const response = await auditor.get(`/contracts/aalborg-impact60/participants/${P1}/timeline`);
    expect(response.status).toBe(200);
    const timeline = response.body.timeline as Array<{ type: string; kind: string; position: number; data: Record<string, unknown>; supersededBy: unknown }>;
    const entries = (type: string) => timeline.filter((entry) => entry.type === type);
    expect(entries('PaymentRecovered')).toEqual([
      expect.objectContaining({
        kind: 'payment',
        position: about('PaymentRecovered', p1Payments)[0],
        supersededBy: null,
        data: expect.objectContaining({ paymentId: PAY(P1, 'SELF_SUPPORT_26W', 1, 1), reference: 'REC-2' }),
      }),
    ]);
    expect(entries('PaymentSuperseded').map((entry) => entry.position)).toEqual(superseded);
    expect(entries('PaymentSuperseded').every((entry) => entry.kind === 'payment' && p1Payments.has(entry.data.paymentId as string))).toBe(true);
    // In log order among the participant's other entries.
    const positions = timeline.map((entry) => entry.position);
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);

    // Another participant's timeline shows none of P1's payments.
    const p3 = await auditor.get(`/contracts/aalborg-impact60/participants/${P3}/timeline`);
    expect(p3.status).toBe(200);
    expect(p3.body.timeline.filter((entry: { kind: string }) => entry.kind === 'payment')).toEqual([]);
  });

  it("on a contract of 30 participants' weekly histories: every participant and every occurrence, at 8 instants", async () => {
    const participants = await recordLargeContract(app, 'many', { participants: 30, facts: 4000 });
    const log = await logOf('many');
    const instants = Array.from({ length: 8 }, (_, i) => log[Math.floor(((i + 1) * (log.length - 1)) / 8)].recordedAt);
    const paymentIds = await paymentIdsOf('many');
    expect(paymentIds.length).toBeGreaterThan(40);
    expect(await expectSameTimelines('many', participants, instants)).toBeGreaterThan(2000);
    expect(await expectSameProvenances('many', paymentIds, instants)).toBeGreaterThan(100);
  }, 180_000);
});
