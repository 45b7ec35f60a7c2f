import { cmd, ContractHarness, weekRange } from '#domain/testing/contract.harness.js';
import { contractEvidence, evidenceTables } from './contract-evidence.js';

const P = 'p_0123456789abcdef0123456789abcdef';

/** The worked example of the rules (docs/rules.md §5), recorded through the domain, and one payment confirmed. */
function workedExample(): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register());
  h.run(cmd.activate());
  h.run(cmd.refer(P, '2018-12-01'));
  h.run(cmd.enrol(P, '2019-01-07'));
  h.run(cmd.start(P, 'A', '2019-02-04', 20));
  h.run(cmd.end(P, 'A', '2019-03-10'));
  h.run(cmd.evidence(P, 'A', 'ev-A', '2019-02-04', '2019-03-10'));
  h.run(cmd.start(P, 'B', '2019-04-01', 30));
  h.run(cmd.evidence(P, 'B', 'ev-B1', '2019-04-01', '2019-06-30'));
  for (const week of weekRange(2019, 6, 31)) h.run(cmd.week(P, week, false));
  h.run(cmd.evidence(P, 'B', 'ev-B2', '2019-07-01', '2019-08-25'));
  h.run(cmd.week(P, '2019-W20', true, 'DREAM correction'));
  for (const week of weekRange(2019, 32, 46)) h.run(cmd.week(P, week, false));
  h.run(cmd.confirm(`${h.state.contractId}:${P}:JOB_START:1:1`, 'PAY-1', '2019-03-01'));
  return h;
}

describe('a contract’s evidence, from its state', () => {
  const h = workedExample();
  const evidence = contractEvidence(h.state, '2019-12-01');
  const [p1] = evidence.participants;

  it('names the contract, its caps, the employment rule and the end of follow-up: the last date the facts speak of (the Sunday of 2019-W46)', () => {
    expect(evidence.contract).toEqual({
      contract: 'aalborg-impact60',
      title: 'IMPACT60',
      currency: 'DKK',
      periodStart: '2018-09-01',
      periodEnd: '2022-12-31',
      windowEnd: '2022-12-31',
      observedUntil: '2019-11-17',
      perParticipantCap: 11_000_000,
      totalCap: 600_000_000,
      employmentMinHoursPerWeek: 16,
      employmentKinds: null,
    });
    expect(evidence.outcomes.map((o) => [o.outcome, o.trigger, o.weeks, o.unbroken, o.lastingAttachment])).toEqual([
      ['JOB_START', 'placementStart', null, null, false],
      ['JOB_13W', 'employmentSustained', 13, false, false],
      ['SELF_SUPPORT_26W', 'benefitFreeWeeks', 26, true, true],
    ]);
  });

  it('ends follow-up at the as-of date when the facts speak of later dates', () => {
    expect(contractEvidence(h.state, '2019-10-01').contract.observedUntil).toBe('2019-10-01');
  });

  it('ends follow-up at the window’s end after an early termination', () => {
    const terminated = workedExample();
    terminated.run(cmd.terminate('2019-10-31'));
    expect(contractEvidence(terminated.state, '2020-06-01').contract).toMatchObject({ windowEnd: '2019-10-31', observedUntil: '2019-10-31' });
  });

  it('gives the participant’s referral, intake and enrolment', () => {
    expect(p1.row).toEqual({
      participant: P,
      referralCohort: '2018-12',
      intakeVariant: 'thorough',
      intakeOutcome: 'accepted',
      referredOn: '2018-12-01',
      enrolledOn: '2019-01-07',
      withdrawnOn: null,
      withdrawalReason: null,
    });
  });

  it('numbers the placements by start, with their end reason and their own evidenced days (35 in A, 147 in B)', () => {
    expect(p1.placements()).toEqual([
      {
        participant: P,
        placement: 1,
        employer: 'employer-1',
        kind: 'ordinary',
        hoursPerWeek: 20,
        startDate: '2019-02-04',
        endDate: '2019-03-10',
        endReason: 'contract ended',
        qualifying: true,
        evidencedDays: 35,
      },
      {
        participant: P,
        placement: 2,
        employer: 'employer-1',
        kind: 'ordinary',
        hoursPerWeek: 30,
        startDate: '2019-04-01',
        endDate: null,
        endReason: null,
        qualifying: true,
        evidencedDays: 147,
      },
    ]);
  });

  it('merges evidenced days into spells: A closed, B still open and observed up to its last payslip', () => {
    expect(p1.spells()).toEqual([
      { participant: P, spell: 1, startDate: '2019-02-04', endDate: '2019-03-10', censoredOn: null, days: 35 },
      { participant: P, spell: 2, startDate: '2019-04-01', endDate: null, censoredOn: '2019-08-25', days: 147 },
    ]);
  });

  it('keeps the current record of each benefit week and how often it was corrected', () => {
    const weeks = p1.benefitWeeks();
    expect(weeks).toHaveLength(41);
    expect(weeks.find((w) => w.week === '2019-W20')).toEqual({ participant: P, week: '2019-W20', benefitPaid: true, corrections: 1 });
    expect(weeks.filter((w) => w.corrections > 0)).toHaveLength(1);
  });

  it('lists every payment identity with its status, and the confirmed payment', () => {
    expect(p1.occurrences().map((o) => [o.outcome, o.occurrence, o.revision, o.achievedOn, o.amount, o.capReason, o.status])).toEqual([
      ['JOB_START', 1, 1, '2019-02-04', 2_000_000, null, 'verified'],
      ['JOB_13W', 1, 1, '2019-05-26', 3_000_000, null, 'verified'],
      ['JOB_13W', 2, 1, '2019-08-25', 0, 'participant-cap', 'verified'],
      ['SELF_SUPPORT_26W', 1, 1, '2019-08-04', 6_000_000, null, 'reversed'],
      ['SELF_SUPPORT_26W', 1, 2, '2019-11-17', 6_000_000, null, 'verified'],
    ]);
    expect(p1.payments()).toEqual([{ participant: P, outcome: 'JOB_START', occurrence: 1, revision: 1, confirmedOn: '2019-03-01', amount: 2_000_000 }]);
  });

  it('collects the tables the figures need', () => {
    const tables = evidenceTables(evidence);
    expect([tables.participants.length, tables.placements.length, tables.spells.length, tables.occurrences.length, tables.payments.length]).toEqual([
      1, 2, 2, 5, 1,
    ]);
  });

  it('masks anything shaped like a CPR number in free text (it leaves the service)', () => {
    const w = workedExample();
    w.run({ type: 'WithdrawParticipant', data: { participantId: P, withdrawnOn: '2019-12-02', reason: 'moved in with 0101901234 (see 010190-1234)' } });
    const [row] = contractEvidence(w.state, '2019-12-31').participants;
    expect(row.row.withdrawalReason).toBe('moved in with [masked] (see [masked])');
  });
});
