import fc from 'fast-check';
import { definitionWith, FactsBuilder, OPEN_WINDOW } from '../../testing/participant-facts.builder.js';
import { addIsoWeeks, mondayOfIsoWeek, sundayOfIsoWeek } from '../../time/iso-week.js';
import { evaluateParticipant } from '../evaluate-participant.js';
import type { ParticipantFacts } from '../participant-facts.js';
import type { BenefitFreeWeeksTrigger } from './benefit-free-weeks.trigger.js';

const trigger = (weeks: number, consecutive: boolean): BenefitFreeWeeksTrigger => ({ type: 'benefitFreeWeeks', weeks, consecutive });
const run = (t: BenefitFreeWeeksTrigger, facts: ParticipantFacts, max = 5) =>
  evaluateParticipant(definitionWith([{ code: 'SELF', trigger: t, maxPerParticipant: max }]), facts, OPEN_WINDOW);
const dates = (t: BenefitFreeWeeksTrigger, facts: ParticipantFacts, max = 5) => run(t, facts, max).map((a) => a.achievedOn);

describe('benefitFreeWeeks', () => {
  it('consecutive: a streak of `weeks` is achieved on the Sunday of its last week', () => {
    const b = new FactsBuilder().enrol('2019-01-07').weeks(2019, 6, 31);
    const achievements = run(trigger(26, true), b.facts);
    expect(achievements.map((a) => [a.occurrence, a.achievedOn])).toEqual([[1, '2019-08-04']]);
    expect(achievements[0].provenance).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
  });

  it('consecutive: a paid week or a missing week breaks the streak', () => {
    const paid = new FactsBuilder().enrol('2019-01-07').weeks(2019, 6, 31).week('2019-W20', true);
    expect(dates(trigger(26, true), paid.facts)).toEqual([]);
    const missing = new FactsBuilder().enrol('2019-01-07').weeks(2019, 6, 19).weeks(2019, 21, 40);
    expect(dates(trigger(26, true), missing.facts)).toEqual([]);
    expect(dates(trigger(20, true), missing.facts)).toEqual([sundayOfIsoWeek('2019-W40')]);
  });

  it('consecutive: a long streak yields occurrences every `weeks` weeks, numbered across streaks', () => {
    const b = new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 5).week('2019-W06', true).weeks(2019, 7, 15);
    // Streak W02..W05 (4): one at W05. Streak W07..W15 (9): at W10, W14.
    const achievements = run(trigger(4, true), b.facts);
    expect(achievements.map((a) => [a.occurrence, a.achievedOn])).toEqual([
      [1, sundayOfIsoWeek('2019-W05')],
      [2, sundayOfIsoWeek('2019-W10')],
      [3, sundayOfIsoWeek('2019-W14')],
    ]);
    expect(achievements[1].provenance).toEqual([1, 7, 8, 9, 10]); // enrolment + W07..W10
  });

  it('not consecutive: counts benefit-free weeks across gaps', () => {
    const b = new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 5).week('2019-W06', true).weeks(2019, 8, 15);
    // Counted: W02..W05, W08..W15 -> 4th at W05, 8th at W11, 12th at W15.
    expect(dates(trigger(4, false), b.facts)).toEqual(['2019-W05', '2019-W11', '2019-W15'].map(sundayOfIsoWeek));
    const achievements = run(trigger(4, false), b.facts);
    expect(achievements[1].provenance).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]); // all counted weeks up to W11
  });

  it('ISO week 53: 2020-W53 counts and continues the streak into 2021', () => {
    const b = new FactsBuilder().enrol('2020-11-02').weeks(2020, 45, 53).weeks(2021, 1, 3);
    expect(dates(trigger(12, true), b.facts)).toEqual(['2021-01-24']);
    expect(dates(trigger(9, true), b.facts)).toEqual([sundayOfIsoWeek('2020-W53')]);
    expect(sundayOfIsoWeek('2020-W53')).toBe('2021-01-03');
  });

  it('enrolment in mid-week: the week of enrolment does not count', () => {
    const b = new FactsBuilder().enrol('2019-01-09').weeks(2019, 2, 5); // Wednesday of W02
    expect(dates(trigger(4, true), b.facts)).toEqual([]);
    expect(dates(trigger(3, true), b.facts)).toEqual([sundayOfIsoWeek('2019-W05')]);
    const onMonday = new FactsBuilder().enrol(mondayOfIsoWeek('2019-W02')).weeks(2019, 2, 5);
    expect(dates(trigger(4, true), onMonday.facts)).toEqual([sundayOfIsoWeek('2019-W05')]);
  });

  it('withdrawal: a week whose Sunday is not before withdrawnOn does not count', () => {
    const onSunday = new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 5).withdraw(sundayOfIsoWeek('2019-W05'));
    expect(dates(trigger(4, true), onSunday.facts)).toEqual([]);
    const onMonday = new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 5).withdraw(mondayOfIsoWeek('2019-W06'));
    expect(dates(trigger(4, true), onMonday.facts)).toEqual([sundayOfIsoWeek('2019-W05')]);
  });

  it('weeks before the enrolment never count', () => {
    const b = new FactsBuilder().weeks(2018, 40, 52).enrol('2019-01-07').weeks(2019, 2, 3);
    expect(dates(trigger(2, false), b.facts)).toEqual([sundayOfIsoWeek('2019-W03')]);
  });

  it('agrees with a week-by-week reference on random records', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.boolean()), { maxLength: 120 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (records, enrolDays, stayDays, weeks, consecutive) => {
          const b = new FactsBuilder();
          const enrolledOn = addDaysIso('2019-12-01', enrolDays);
          b.enrol(enrolledOn);
          for (const [offset, paid] of records) b.week(addIsoWeeks('2019-W40', offset), paid);
          if (stayDays !== undefined) b.withdraw(addDaysIso(enrolledOn, stayDays));
          const t = trigger(weeks, consecutive);
          expect(dates(t, b.facts, 40)).toEqual(reference(b.facts, t).slice(0, 40));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** §5 rule 3 read literally, one week at a time from 2019-W40. */
function reference(facts: ParticipantFacts, t: BenefitFreeWeeksTrigger): string[] {
  const out: string[] = [];
  let count = 0;
  for (let i = 0; i < 200; i++) {
    const week = addIsoWeeks('2019-W40', i);
    const record = facts.benefitWeeks.get(week);
    const counts =
      record !== undefined &&
      !record.benefitPaid &&
      mondayOfIsoWeek(week) >= facts.enrolledOn! &&
      (facts.withdrawnOn === undefined || sundayOfIsoWeek(week) < facts.withdrawnOn);
    if (!counts) {
      if (t.consecutive) count = 0;
      continue;
    }
    count++;
    if (count % t.weeks === 0) out.push(sundayOfIsoWeek(week));
  }
  return out;
}
