import type { EvidenceTables, OccurrenceRow, ParticipantRow, PaymentRow, PlacementRow, SpellRow } from '../tables/evidence-rows.js';
import { computeFigures } from './evidence-figures.js';

// A small contract written out row by row, so that every figure can be worked out by hand:
// 10 'standard' and 10 'thorough' participants enrolled on 2019-01-07 (day 0), 2 rejected at intake.
// s0-s4 withdraw on 2019-03-01 without a job; s5-s9 get one job on 2019-05-06 (day 119);
// t0-t9 start work on 2019-02-04 (day 28) and reach SELF_SUPPORT_26W on 2019-08-04 (day 209),
// t0-t4 after 2 employment relationships, t5-t9 after 3.
const ENROLLED = '2019-01-07';

function tables(): EvidenceTables {
  const participants: ParticipantRow[] = [];
  const placements: PlacementRow[] = [];
  const spells: SpellRow[] = [];
  const occurrences: OccurrenceRow[] = [];
  const payments: PaymentRow[] = [];
  const person = (participant: string, intakeVariant: string, extra: Partial<ParticipantRow> = {}) =>
    participants.push({
      participant,
      referralCohort: '2019-01',
      intakeVariant,
      intakeOutcome: 'accepted',
      referredOn: '2019-01-02',
      enrolledOn: ENROLLED,
      withdrawnOn: null,
      withdrawalReason: null,
      ...extra,
    });
  const job = (participant: string, placement: number, startDate: string, extra: Partial<PlacementRow> = {}) =>
    placements.push({
      participant,
      placement,
      employer: `m_${placement}`,
      kind: 'ordinary',
      hoursPerWeek: 30,
      startDate,
      endDate: null,
      endReason: null,
      qualifying: true,
      evidencedDays: 20,
      ...extra,
    });
  const occurrence = (participant: string, outcome: string, achievedOn: string, amount: number, status: 'verified' | 'reversed' = 'verified') =>
    occurrences.push({ participant, outcome, occurrence: 1, revision: 1, achievedOn, price: amount, amount, capReason: null, status });

  for (let i = 0; i < 2; i++) person(`r${i}`, 'standard', { intakeOutcome: 'rejected', enrolledOn: null });
  for (let i = 0; i < 5; i++) person(`s${i}`, 'standard', { withdrawnOn: '2019-03-01', withdrawalReason: 'moved away' });
  for (let i = 5; i < 10; i++) {
    person(`s${i}`, 'standard');
    job(`s${i}`, 1, '2019-05-06');
    spells.push({ participant: `s${i}`, spell: 1, startDate: '2019-05-06', endDate: '2019-06-30', censoredOn: null, days: 56 });
    occurrence(`s${i}`, 'JOB_START', '2019-05-06', 2_000_000);
  }
  occurrences.push({
    participant: 's9',
    outcome: 'SELF_SUPPORT_26W',
    occurrence: 1,
    revision: 1,
    achievedOn: '2019-10-06',
    price: 6_000_000,
    amount: 6_000_000,
    capReason: null,
    status: 'reversed',
  });
  for (let i = 0; i < 10; i++) {
    const t = `t${i}`;
    person(t, 'thorough');
    job(t, 1, '2019-02-04');
    if (i >= 5) job(t, 2, '2019-03-04');
    job(t, i >= 5 ? 3 : 2, '2019-04-01');
    spells.push({ participant: t, spell: 1, startDate: '2019-02-04', endDate: null, censoredOn: '2019-11-30', days: 300 });
    occurrence(t, 'JOB_START', '2019-02-04', 2_000_000);
    occurrence(t, 'SELF_SUPPORT_26W', '2019-08-04', 6_000_000);
  }
  // Placements that are no employment relationship before the lasting attachment: after it, not qualifying, never evidenced.
  job('t5', 4, '2019-09-01');
  job('t6', 4, '2019-03-10', { kind: 'education', qualifying: false });
  job('t7', 4, '2019-03-11', { evidencedDays: 0 });
  for (let i = 0; i < 6; i++)
    payments.push({
      participant: `t${i}`,
      outcome: 'JOB_START',
      occurrence: 1,
      revision: 1,
      confirmedOn: i < 5 ? '2019-03-05' : '2019-03-06',
      amount: 2_000_000,
    });
  payments.push({ participant: 's5', outcome: 'JOB_START', occurrence: 1, revision: 1, confirmedOn: '2019-06-01', amount: 2_000_000 });

  return {
    contract: {
      contract: 'small',
      title: 'Small',
      currency: 'DKK',
      periodStart: '2019-01-01',
      periodEnd: '2022-12-31',
      windowEnd: '2022-12-31',
      observedUntil: '2019-12-31',
      perParticipantCap: 11_000_000,
      totalCap: 100_000_000,
      employmentMinHoursPerWeek: 16,
      employmentKinds: null,
    },
    outcomes: [
      {
        outcome: 'JOB_START',
        position: 1,
        trigger: 'placementStart',
        weeks: null,
        minHoursPerWeek: 16,
        kinds: null,
        unbroken: null,
        price: 2_000_000,
        maxPerParticipant: 1,
        lastingAttachment: false,
      },
      {
        outcome: 'SELF_SUPPORT_26W',
        position: 2,
        trigger: 'benefitFreeWeeks',
        weeks: 26,
        minHoursPerWeek: null,
        kinds: null,
        unbroken: true,
        price: 6_000_000,
        maxPerParticipant: 1,
        lastingAttachment: true,
      },
    ],
    participants,
    placements,
    spells,
    occurrences,
    payments,
  };
}

describe('the evaluators’ figures, from the tables alone', () => {
  const figures = computeFigures(tables());

  it('the funnel: 22 referred, 20 accepted and enrolled, 15 placed, 15 with a first evidenced job, 15 JOB_START, 10 lasting (a reversed one does not count)', () => {
    expect(figures.funnel.map((s) => [s.step, s.participants])).toEqual([
      ['referred', 22],
      ['acceptedAtIntake', 20],
      ['enrolled', 20],
      ['placed', 15],
      ['firstEvidencedJob', 15],
      ['outcome:JOB_START', 15],
      ['outcome:SELF_SUPPORT_26W', 10],
    ]);
  });

  it('dropout by intake variant with Wilson intervals: standard 5/10, thorough 0/10, all 5/20', () => {
    expect(figures.dropout.byIntakeVariant).toEqual([
      { intakeVariant: 'standard', enrolled: 10, droppedOut: 5, rate: 0.5, interval95: { low: 0.2366, high: 0.7634 } },
      { intakeVariant: 'thorough', enrolled: 10, droppedOut: 0, rate: 0, interval95: { low: 0, high: 0.2775 } },
    ]);
    expect(figures.dropout.all).toEqual({ intakeVariant: 'all', enrolled: 20, droppedOut: 5, rate: 0.25, interval95: { low: 0.1119, high: 0.4687 } });
  });

  it('employment relationships before a lasting attachment: five with 2, five with 3; mean and median 2.5', () => {
    expect(figures.lastingOutcome).toBe('SELF_SUPPORT_26W');
    expect(figures.jobsBeforeLastingAttachment).toEqual({
      participants: 10,
      mean: 2.5,
      median: 2.5,
      distribution: [
        { jobs: 0, participants: 0 },
        { jobs: 1, participants: 0 },
        { jobs: 2, participants: 5 },
        { jobs: 3, participants: 5 },
      ],
    });
  });

  it('time to first job: half at day 28 (20 at risk), the rest at day 119 (5 at risk); the 5 withdrawn are censored at day 52', () => {
    const f = figures.timeToFirstJob;
    expect([f.participants, f.events, f.censored, f.medianDays]).toEqual([20, 15, 5, 28]);
    const at = (day: number) => f.points.find((p) => p.day === day);
    expect(at(21)).toEqual({ day: 21, atRisk: 20, survival: 1 });
    expect(at(28)).toEqual({ day: 28, atRisk: 20, survival: 0.5 });
    expect(at(49)).toEqual({ day: 49, atRisk: 10, survival: 0.5 });
    expect(at(112)).toEqual({ day: 112, atRisk: 5, survival: 0.5 });
    expect(f.points[f.points.length - 1]).toEqual({ day: 119, atRisk: 5, survival: 0 });
  });

  it('time to lasting attachment: 10 of 15 still followed at day 209 (S = 1/3); the curve stops where fewer than 5 are followed', () => {
    const f = figures.timeToLastingAttachment;
    expect([f.participants, f.events, f.censored, f.medianDays]).toEqual([20, 10, 10, 209]);
    expect(f.points.find((p) => p.day === 203)).toEqual({ day: 203, atRisk: 15, survival: 1 });
    expect(f.points.find((p) => p.day === 210)).toEqual({ day: 210, atRisk: 5, survival: 0.3333 });
    expect(f.points[f.points.length - 1].day).toBe(357);
  });

  it('outcomes and payments by month against the caps, with the June payment of one participant withheld', () => {
    const m = Object.fromEntries(figures.moneyByMonth.months.map((x) => [x.month, x]));
    expect(Object.keys(m)).toEqual([
      '2019-01',
      '2019-02',
      '2019-03',
      '2019-04',
      '2019-05',
      '2019-06',
      '2019-07',
      '2019-08',
      '2019-09',
      '2019-10',
      '2019-11',
      '2019-12',
    ]);
    expect(m['2019-01']).toEqual({
      month: '2019-01',
      outcomes: [
        { outcome: 'JOB_START', occurrences: 0, amount: 0 },
        { outcome: 'SELF_SUPPORT_26W', occurrences: 0, amount: 0 },
      ],
      payments: { count: 0, amount: 0 },
      committedToDate: 0,
      paidToDate: 0,
      headroom: 100_000_000,
      participantsAtCap: 0,
    });
    expect(m['2019-02'].outcomes[0]).toEqual({ outcome: 'JOB_START', occurrences: 10, amount: 20_000_000 });
    expect([m['2019-02'].committedToDate, m['2019-02'].headroom]).toEqual([20_000_000, 80_000_000]);
    expect(m['2019-03'].payments).toEqual({ count: 6, amount: 12_000_000 });
    expect(m['2019-05'].committedToDate).toBe(30_000_000);
    expect(m['2019-06'].payments).toEqual({ count: null, amount: null });
    expect(m['2019-06'].paidToDate).toBe(14_000_000);
    expect(m['2019-08'].outcomes[1]).toEqual({ outcome: 'SELF_SUPPORT_26W', occurrences: 10, amount: 60_000_000 });
    expect([m['2019-12'].committedToDate, m['2019-12'].headroom]).toEqual([90_000_000, 10_000_000]);
    // 8,000,000 each for t0-t9, below the cap of 11,000,000.
    expect(m['2019-12'].participantsAtCap).toBe(0);
    expect(figures.moneyByMonth.caps).toEqual({ perParticipant: 11_000_000, total: 100_000_000 });
    expect(figures.suppression).toMatchObject({ minimumCell: 5, suppressedCells: 2 });
  });

  it('withholds the small cells and what can be derived from them: 3 thorough participants hide the standard count too', () => {
    const small = tables();
    small.participants = small.participants.filter((p) => !['t3', 't4', 't5', 't6', 't7', 't8', 't9'].includes(p.participant));
    const f = computeFigures(small);
    expect(f.dropout.byIntakeVariant.map((r) => [r.intakeVariant, r.enrolled, r.droppedOut, r.rate])).toEqual([
      ['standard', null, 5, null],
      ['thorough', null, 0, null],
    ]);
    expect(f.dropout.all).toMatchObject({ enrolled: 13, droppedOut: 5, rate: 0.3846 });
    expect(f.jobsBeforeLastingAttachment).toEqual({
      participants: null,
      mean: null,
      median: null,
      distribution: [
        { jobs: 0, participants: 0 },
        { jobs: 1, participants: 0 },
        { jobs: 2, participants: null },
      ],
    });
    expect(f.funnel.find((s) => s.step === 'outcome:SELF_SUPPORT_26W')!.participants).toBeNull();
    expect(f.suppression.suppressedCells).toBeGreaterThanOrEqual(5);
  });
});
