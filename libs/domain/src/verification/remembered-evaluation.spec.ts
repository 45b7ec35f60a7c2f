import fc from 'fast-check';
import { definitionWith, FactsBuilder, OPEN_WINDOW } from '../testing/participant-facts.builder.js';
import { impact60Definition } from '../testing/contract.harness.js';
import { addIsoWeeks, mondayOfIsoWeek } from '../time/iso-week.js';
import { evaluateParticipant } from './evaluate-participant.js';
import type { FactKind, ParticipantFacts } from './participant-facts.js';
import { triggerSubject } from './trigger-subject.js';
import { triggerRegistry, type TriggerDefinition } from './triggers/trigger.registry.js';

const FACT_KINDS: readonly FactKind[] = ['placements', 'payrollEvidence', 'benefitWeeks'];

const TRIGGERS: TriggerDefinition[] = [
  { type: 'placementStart', minHoursPerWeek: 16 },
  { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false },
  { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: true },
  { type: 'benefitFreeWeeks', weeks: 3, consecutive: true },
  { type: 'benefitFreeWeeks', weeks: 3, consecutive: false },
];

/** The same facts in plain Maps: never remembered, evaluated afresh each time. */
function afresh(facts: ParticipantFacts): ParticipantFacts {
  return { ...facts, placements: new Map(facts.placements), payrollEvidence: new Map(facts.payrollEvidence), benefitWeeks: new Map(facts.benefitWeeks) };
}

/** A map that fails the test when read. */
function unreadable(kind: string): Map<never, never> {
  return new Proxy(new Map<never, never>(), {
    get: () => {
      throw new Error(`read ${kind}, which the trigger does not declare`);
    },
  });
}

describe('rememberedEvaluation', () => {
  it('every trigger reads only the facts it declares (what makes reusing its evaluation sound)', () => {
    const facts = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-02-04', '2019-06-30')
      .evidence('EA', 'A', '2019-02-04', '2019-06-30')
      .weeks(2019, 10, 30)
      .week('2019-W15', true).facts;
    for (const trigger of TRIGGERS) {
      const type = triggerRegistry.get(trigger.type)!;
      const subject = triggerSubject(facts, OPEN_WINDOW, 5)!;
      const onlyDeclared = { ...facts };
      for (const kind of FACT_KINDS) if (!type.reads.includes(kind)) onlyDeclared[kind] = unreadable(kind);
      expect(type.evaluate(trigger, { ...subject, facts: onlyDeclared })).toEqual(type.evaluate(trigger, subject));
    }
  });

  type Step =
    | { kind: 'week'; index: number; paid: boolean }
    | { kind: 'placement'; index: number; weeks: number; hours: number }
    | { kind: 'evidence'; placement: number; from: number; weeks: number }
    | { kind: 'revoke'; evidence: number }
    | { kind: 'withdraw'; week: number }
    | { kind: 'evaluate' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('week' as const), index: fc.integer({ min: 0, max: 30 }), paid: fc.boolean() }),
    fc.record({
      kind: fc.constant('placement' as const),
      index: fc.integer({ min: 0, max: 3 }),
      weeks: fc.integer({ min: 0, max: 12 }),
      hours: fc.constantFrom(10, 30),
    }),
    fc.record({
      kind: fc.constant('evidence' as const),
      placement: fc.integer({ min: 0, max: 3 }),
      from: fc.integer({ min: 0, max: 20 }),
      weeks: fc.integer({ min: 0, max: 8 }),
    }),
    fc.record({ kind: fc.constant('revoke' as const), evidence: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ kind: fc.constant('withdraw' as const), week: fc.integer({ min: 1, max: 40 }) }),
    fc.constant({ kind: 'evaluate' as const }),
  );

  it('answers as a fresh evaluation whatever changes between evaluations (random histories, every trigger)', () => {
    const definition = definitionWith(TRIGGERS.map((trigger) => ({ trigger, maxPerParticipant: 3 })));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const b = new FactsBuilder().enrol('2019-01-07');
        const dateOf = (week: number) => mondayOfIsoWeek(addIsoWeeks('2019-W02', week));
        let evidence = 0;
        for (const s of [...steps, { kind: 'evaluate' } as Step]) {
          if (s.kind === 'week') b.week(addIsoWeeks('2019-W02', s.index), s.paid);
          else if (s.kind === 'placement')
            b.placement(`P${s.index}`, dateOf(s.index * 4), s.weeks === 0 ? undefined : dateOf(s.index * 4 + s.weeks), { hours: s.hours });
          else if (s.kind === 'evidence') b.evidence(`E${evidence++}`, `P${s.placement}`, dateOf(s.from), dateOf(s.from + s.weeks));
          else if (s.kind === 'revoke') {
            const revoked = b.facts.payrollEvidence.get(`E${s.evidence}`);
            if (revoked) b.facts.payrollEvidence.set(revoked.evidenceId, { ...revoked, revoked: true });
          } else if (s.kind === 'withdraw') b.withdraw(dateOf(s.week));
          else expect(evaluateParticipant(definition, b.facts, OPEN_WINDOW)).toEqual(evaluateParticipant(definition, afresh(b.facts), OPEN_WINDOW));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('follows a change of terms: another trigger object is evaluated afresh', () => {
    const b = new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 20);
    const before = evaluateParticipant(impact60Definition(), b.facts, OPEN_WINDOW);
    const amended = definitionWith([{ code: 'SELF_SUPPORT_6W', trigger: { type: 'benefitFreeWeeks', weeks: 6, consecutive: true }, maxPerParticipant: 2 }]);
    const after = evaluateParticipant(amended, b.facts, OPEN_WINDOW);
    expect(before.map((a) => a.outcomeCode)).toEqual([]);
    expect(after.map((a) => [a.outcomeCode, a.occurrence])).toEqual([
      ['SELF_SUPPORT_6W', 1],
      ['SELF_SUPPORT_6W', 2],
    ]);
  });
});
