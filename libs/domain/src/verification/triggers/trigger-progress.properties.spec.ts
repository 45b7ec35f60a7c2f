import fc from 'fast-check';
import { FactsBuilder } from '../../testing/participant-facts.builder.js';
import { addDays, fromEpochDay, isoDayOfWeekOfEpochDay, toEpochDay } from '../../time/civil-date.js';
import { addIsoWeeks, isoWeekOfEpochDay, isoWeekMondayEpochDay } from '../../time/iso-week.js';
import type { ParticipantFacts } from '../participant-facts.js';
import { triggerTypeOf, type TriggerDefinition } from './trigger.registry.js';

/**
 * The progress of docs/rules.md §7 computed the slow way, day by day from the §5 definitions, as a
 * reference for the triggers' run-based progress.
 */
const ENROLLED_ON = '2019-01-07';

function evidencedDay(facts: ParticipantFacts, minHours: number, day: number): boolean {
  for (const evidence of facts.payrollEvidence.values()) {
    if (evidence.revoked || day < toEpochDay(evidence.from) || day > toEpochDay(evidence.to)) continue;
    const placement = facts.placements.get(evidence.placementId);
    if (placement === undefined || placement.hoursPerWeek < minHours) continue;
    if (day >= toEpochDay(placement.startDate) && (placement.endDate === undefined || day <= toEpochDay(placement.endDate))) return true;
  }
  return false;
}

function weekCounts(facts: ParticipantFacts, sunday: number, from: number, until: number): boolean {
  const record = facts.benefitWeeks.get(isoWeekOfEpochDay(sunday));
  const monday = isoWeekMondayEpochDay(isoWeekOfEpochDay(sunday));
  return record !== undefined && !record.benefitPaid && monday >= from && sunday < until;
}

/** Per day from `first` to `lastDay`: [occurrences achieved by that day, progress in days] (placementStart: never any progress). */
function naiveProgress(trigger: TriggerDefinition, facts: ParticipantFacts, limit: number, first: number, lastDay: number): Map<number, [number, number]> {
  const from = toEpochDay(facts.enrolledOn!);
  const until = facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn);
  const out = new Map<number, [number, number]>();
  if (trigger.type === 'placementStart') {
    for (let d = first; d <= lastDay; d++) out.set(d, [0, 0]);
    return out;
  }
  const weeks = trigger.type === 'benefitFreeWeeks';
  const need = weeks ? trigger.weeks : trigger.weeks * 7;
  const resets = trigger.type === 'benefitFreeWeeks' ? trigger.consecutive : trigger.continuous;
  let units = 0; // counted so far (not resetting) or in the current run (resetting)
  let own = 0; // occurrences inside `units`
  let achieved = 0;
  for (let d = first; d <= lastDay; d++) {
    const unitDay = weeks ? isoDayOfWeekOfEpochDay(d) === 7 : true;
    if (unitDay) {
      const unit = weeks ? weekCounts(facts, d, from, until) : d >= from && d < until && evidencedDay(facts, trigger.minHoursPerWeek, d);
      if (unit) {
        units++;
        if (units - need * own === need && achieved < limit) {
          achieved++;
          own++;
        }
      } else if (resets) {
        units = 0;
        own = 0;
      }
    }
    out.set(d, [achieved, (units - need * own) * (weeks ? 7 : 1)]);
  }
  return out;
}

const offset = (max: number) => fc.integer({ min: -3, max });
interface Participant {
  placements: { start: number; length: number; open: boolean; hours: number }[];
  evidence: { placement: number; from: number; length: number; revoked: boolean }[];
  weeks: ('paid' | 'free' | 'none')[];
  withdrawal: number | undefined;
  enrolledLate: number;
}

const participant: fc.Arbitrary<Participant> = fc.record({
  placements: fc.array(fc.record({ start: offset(80), length: fc.integer({ min: 0, max: 40 }), open: fc.boolean(), hours: fc.constantFrom(10, 30, 30) }), {
    maxLength: 4,
  }),
  evidence: fc.array(fc.record({ placement: fc.nat(3), from: offset(90), length: fc.integer({ min: 0, max: 50 }), revoked: fc.boolean() }), { maxLength: 6 }),
  weeks: fc.array(fc.constantFrom<'paid' | 'free' | 'none'>('free', 'free', 'free', 'paid', 'none'), { minLength: 0, maxLength: 16 }),
  withdrawal: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  enrolledLate: fc.integer({ min: 0, max: 3 }),
});

function factsOf(p: Participant): ParticipantFacts {
  const b = new FactsBuilder().enrol(addDays(ENROLLED_ON, p.enrolledLate));
  p.placements.forEach((pl, i) => {
    const start = addDays(ENROLLED_ON, pl.start);
    b.placement(`PL${i}`, start, pl.open ? undefined : addDays(start, pl.length), { hours: pl.hours });
  });
  p.evidence.forEach((e, i) => {
    const from = addDays(ENROLLED_ON, e.from);
    b.evidence(`E${i}`, `PL${e.placement}`, from, addDays(from, e.length), e.revoked);
  });
  p.weeks.forEach((w, i) => {
    if (w !== 'none') b.week(addIsoWeeks('2019-W01', i), w === 'paid');
  });
  if (p.withdrawal !== undefined) b.withdraw(addDays(ENROLLED_ON, Math.max(p.enrolledLate, p.withdrawal)));
  return b.facts;
}

const trigger: fc.Arbitrary<TriggerDefinition> = fc.oneof(
  fc.record({
    type: fc.constant('employmentSustained' as const),
    weeks: fc.integer({ min: 1, max: 3 }),
    minHoursPerWeek: fc.constant(16),
    continuous: fc.boolean(),
  }),
  fc.record({ type: fc.constant('benefitFreeWeeks' as const), weeks: fc.integer({ min: 1, max: 4 }), consecutive: fc.boolean() }),
  fc.record({ type: fc.constant('placementStart' as const), minHoursPerWeek: fc.constant(16) }),
);

describe('trigger progress, against a day-by-day reading of the rules', () => {
  it('agrees on every day with the progress, the occurrences and the first day each stage is reached', () => {
    fc.assert(
      fc.property(participant, trigger, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 130 }), (p, t, limit, last) => {
        const facts = factsOf(p);
        const first = toEpochDay(ENROLLED_ON) - 3;
        const lastDay = toEpochDay(ENROLLED_ON) + last;
        const type = triggerTypeOf(t.type);
        const subject = {
          facts,
          from: toEpochDay(facts.enrolledOn!),
          until: facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn),
          lastDay,
          limit,
        };
        const progress = type.progress(t, subject);
        const naive = naiveProgress(t, facts, limit, first, lastDay);
        const occurrences = type.evaluate(t, subject).map((o) => o.achievedOn);
        for (const [day, [achieved, days]] of naive) {
          expect([fromEpochDay(day), progress.on(day)]).toEqual([fromEpochDay(day), days]);
          if (t.type !== 'placementStart') expect(occurrences.filter((o) => o <= day)).toHaveLength(achieved);
        }
        for (let j = 1; j <= limit + 1; j++) {
          for (const stage of [1, 6, 7, 8, 13, 14, 15, 20, 21, 22, 30]) {
            let expected: number | undefined;
            for (const [day, [achieved, days]] of naive) {
              if (j <= limit && achieved === j - 1 && days >= stage) {
                expected = day;
                break;
              }
            }
            expect([j, stage, progress.firstReached(j, stage)]).toEqual([j, stage, expected]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
