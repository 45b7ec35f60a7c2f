import { addDays } from '#domain';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';
import fc from 'fast-check';
import { evidenceTerms } from '../tables/contract-evidence.js';
import type { EvidenceTables, OccurrenceRow, ParticipantRow, PaymentRow, PlacementRow, SpellRow } from '../tables/evidence-rows.js';
import { computeFigures } from './evidence-figures.js';
import { figuresByDefinition } from './figures-by-definition.fixture.js';

/** IMPACT60's outcomes table (JOB_START, JOB_13W, SELF_SUPPORT_26W: the lasting attachment). */
const OUTCOMES = (() => {
  const h = new ContractHarness();
  h.run(cmd.register());
  return evidenceTerms(h.state).outcomes;
})();

/** A date within two years of 2019-01-01. */
const day = fc.integer({ min: 0, max: 730 }).map((n) => addDays('2019-01-01', n));

/** One participant's rows, in any combination the tables allow (and some they would not: figures must not care). */
const participantRows = fc.record({
  variant: fc.constantFrom('standard', 'thorough', null),
  accepted: fc.boolean(),
  enrolledOn: fc.option(day, { nil: null }),
  withdrawnOn: fc.option(day, { nil: null }),
  placements: fc.array(fc.record({ startDate: day, qualifying: fc.boolean(), evidencedDays: fc.constantFrom(0, 1, 30) }), { maxLength: 3 }),
  spells: fc.array(day, { maxLength: 2 }),
  occurrences: fc.array(
    fc.record({
      outcome: fc.constantFrom('JOB_START', 'JOB_13W', 'SELF_SUPPORT_26W', 'RETIRED'),
      achievedOn: day,
      amount: fc.constantFrom(0, 2_000_000, 6_000_000),
      verified: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  payments: fc.array(fc.record({ confirmedOn: day, amount: fc.constantFrom(2_000_000, 3_000_000) }), { maxLength: 3 }),
});

const contractTables = fc
  .record({
    people: fc.array(participantRows, { maxLength: 40 }),
    observedUntil: day,
    perParticipantCap: fc.constantFrom(null, 6_000_000, 11_000_000),
    totalCap: fc.constantFrom(null, 50_000_000),
  })
  .map(({ people, observedUntil, perParticipantCap, totalCap }): EvidenceTables => {
    const participants: ParticipantRow[] = [];
    const placements: PlacementRow[] = [];
    const spells: SpellRow[] = [];
    const occurrences: OccurrenceRow[] = [];
    const payments: PaymentRow[] = [];
    people.forEach((p, i) => {
      const participant = `p${i}`;
      participants.push({
        participant,
        referralCohort: '2019-01',
        intakeVariant: p.variant,
        intakeOutcome: p.accepted ? 'accepted' : 'rejected',
        referredOn: '2018-12-01',
        enrolledOn: p.enrolledOn,
        withdrawnOn: p.enrolledOn === null ? null : p.withdrawnOn,
        withdrawalReason: null,
      });
      p.placements.forEach((x, k) =>
        placements.push({
          participant,
          placement: k + 1,
          employer: 'm',
          kind: 'ordinary',
          hoursPerWeek: 30,
          startDate: x.startDate,
          endDate: null,
          endReason: null,
          qualifying: x.qualifying,
          evidencedDays: x.evidencedDays,
        }),
      );
      p.spells.forEach((startDate, k) => spells.push({ participant, spell: k + 1, startDate, endDate: null, censoredOn: null, days: 1 }));
      p.occurrences.forEach((o, k) =>
        occurrences.push({
          participant,
          outcome: o.outcome,
          occurrence: k + 1,
          revision: 1,
          achievedOn: o.achievedOn,
          price: o.amount,
          amount: o.amount,
          capReason: null,
          status: o.verified ? 'verified' : 'reversed',
        }),
      );
      p.payments.forEach((x, k) =>
        payments.push({ participant, outcome: 'JOB_START', occurrence: k + 1, revision: 1, confirmedOn: x.confirmedOn, amount: x.amount }),
      );
    });
    const contract = {
      contract: 'generated',
      title: 'Generated',
      currency: 'DKK',
      periodStart: '2019-01-01',
      periodEnd: '2022-12-31',
      windowEnd: '2022-12-31',
      observedUntil,
      perParticipantCap,
      totalCap,
      employmentMinHoursPerWeek: 16,
      employmentKinds: null,
    };
    return { contract, outcomes: OUTCOMES, participants, placements, spells, occurrences, payments };
  });

describe('the figures, counted from participant summaries', () => {
  it('are the figures of the definitions written plainly (every row filtered for every cell), on generated tables', () => {
    fc.assert(
      fc.property(contractTables, (tables) => {
        expect(computeFigures(tables)).toEqual(figuresByDefinition(tables));
      }),
      { numRuns: 300 },
    );
  });
});
