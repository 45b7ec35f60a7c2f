import fc from 'fast-check';
import { definitionWith, FactsBuilder, OPEN_WINDOW } from '../../testing/participant-facts.builder.js';
import { addDays, fromEpochDay, toEpochDay } from '../../time/civil-date.js';
import { evaluateParticipant } from '../evaluate-participant.js';
import type { ParticipantFacts, PlacementKind } from '../participant-facts.js';
import type { EmploymentSustainedTrigger } from './employment-sustained.trigger.js';

const trigger = (t: Partial<EmploymentSustainedTrigger> = {}): EmploymentSustainedTrigger => ({
  type: 'employmentSustained',
  weeks: 13,
  minHoursPerWeek: 16,
  continuous: false,
  ...t,
});
const run = (t: EmploymentSustainedTrigger, facts: ParticipantFacts, max = 5) =>
  evaluateParticipant(definitionWith([{ code: 'JOB_13W', trigger: t, maxPerParticipant: max }]), facts, OPEN_WINDOW);
const dates = (t: EmploymentSustainedTrigger, facts: ParticipantFacts, max = 5) => run(t, facts, max).map((a) => a.achievedOn);

describe('employmentSustained', () => {
  // The worked example's employment: A 2019-02-04..03-10 (35 days), B from 2019-04-01.
  const example = () =>
    new FactsBuilder()
      .enrol('2019-01-07') // 1
      .placement('A', '2019-02-04', '2019-03-10', { hours: 20 }) // 2, 3
      .evidence('EA', 'A', '2019-02-04', '2019-03-10') // 4
      .placement('B', '2019-04-01') // 5
      .evidence('EB', 'B', '2019-04-01', '2019-08-25'); // 6

  it('not continuous: counts across placements with gaps; occurrence k at k*weeks*7 days', () => {
    const achievements = run(trigger(), example().facts);
    expect(achievements.map((a) => [a.occurrence, a.achievedOn])).toEqual([
      [1, '2019-05-26'],
      [2, '2019-08-25'],
    ]);
    expect(achievements[0].provenance).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('continuous: only runs of consecutive days count; a run yields an occurrence every weeks*7 days', () => {
    const achievements = run(trigger({ continuous: true }), example().facts);
    // Run A (35 days) yields nothing; run B from 2019-04-01: day 91 = 2019-06-30 (day 182 would be 2019-09-29).
    expect(achievements.map((a) => a.achievedOn)).toEqual(['2019-06-30']);
    expect(achievements[0].provenance).toEqual([1, 5, 6]); // the run's placement and evidence only
  });

  it('continuous: a gap of one day ends a run; occurrences are numbered across runs', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-01-07')
      .evidence('E1', 'A', '2019-01-07', '2019-01-16') // 10 days
      .evidence('E2', 'A', '2019-01-18', '2019-02-11') // after a one-day gap
      .evidence('E3', 'A', '2019-02-12', '2019-02-25'); // adjacent: same run, 39 days in all
    const continuous = run(trigger({ weeks: 2, continuous: true }), b.facts);
    expect(continuous.map((a) => [a.occurrence, a.achievedOn])).toEqual([
      [1, '2019-01-31'],
      [2, '2019-02-14'],
    ]);
    expect(continuous[0].provenance).toEqual([1, 2, 4]);
    expect(continuous[1].provenance).toEqual([1, 2, 4, 5]);
    expect(dates(trigger({ weeks: 2, continuous: false }), b.facts)).toEqual(['2019-01-21', '2019-02-04', '2019-02-18']);
  });

  it('overlapping placements count a day once', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-02-01', '2019-04-30')
      .placement('B', '2019-03-01', '2019-06-30')
      .evidence('EA', 'A', '2019-02-01', '2019-04-30')
      .evidence('EB', 'B', '2019-03-01', '2019-06-30');
    // Union 2019-02-01..2019-06-30; day 91 is 2019-05-02.
    const achievements = run(trigger(), b.facts);
    expect(achievements.map((a) => a.achievedOn)).toEqual(['2019-05-02']);
    expect(achievements[0].provenance).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(dates(trigger({ continuous: true }), b.facts)).toEqual(['2019-05-02']);
  });

  it('counts only days inside the placement and inside evidence recorded for that placement', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-02-01', '2019-02-28')
      .placement('B', '2019-03-01') // open
      .evidence('EA', 'A', '2019-01-01', '2019-12-31') // wider than A: only A's 28 days count
      .evidence('EB', 'B', '2019-03-01', '2019-03-31'); // the open placement counts only its evidence
    expect(dates(trigger({ weeks: 1 }), b.facts, 20)).toHaveLength(8); // 28 + 31 = 59 days -> 8 weeks
    const other = new FactsBuilder().enrol('2019-01-07').placement('A', '2019-02-01').placement('B', '2019-02-01', undefined, { hours: 10 });
    other.evidence('EB', 'B', '2019-02-01', '2019-12-31'); // evidence for the non-qualifying placement only
    expect(dates(trigger({ weeks: 1 }), other.facts)).toEqual([]);
  });

  it('filters placements by minHoursPerWeek and kinds', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('EDU', '2019-02-01', undefined, { kind: 'education' })
      .placement('PART', '2019-02-01', undefined, { hours: 15.5 })
      .evidence('E1', 'EDU', '2019-02-01', '2019-02-14')
      .evidence('E2', 'PART', '2019-02-15', '2019-02-28');
    expect(dates(trigger({ weeks: 2, minHoursPerWeek: 16 }), b.facts)).toEqual(['2019-02-14']);
    expect(dates(trigger({ weeks: 2, minHoursPerWeek: 16, kinds: ['ordinary', 'flexjob'] }), b.facts)).toEqual([]);
    expect(dates(trigger({ weeks: 2, minHoursPerWeek: 15, kinds: ['ordinary'] }), b.facts)).toEqual(['2019-02-28']);
    expect(dates(trigger({ weeks: 2, minHoursPerWeek: 15 }), b.facts)).toEqual(['2019-02-14', '2019-02-28']);
  });

  it('ignores revoked evidence', () => {
    const b = example();
    b.facts.payrollEvidence.set('EB', { ...b.facts.payrollEvidence.get('EB')!, revoked: true });
    expect(run(trigger(), b.facts)).toEqual([]);
  });

  it('counts days only inside the enrolment interval: not before enrolledOn, not from withdrawnOn on', () => {
    const b = new FactsBuilder().placement('A', '2019-01-01').evidence('E', 'A', '2019-01-01', '2019-12-31').enrol('2019-02-01');
    expect(dates(trigger({ weeks: 1 }), b.facts, 1)).toEqual(['2019-02-07']);
    b.withdraw('2019-02-14'); // days 2019-02-01..02-13: 13 days
    expect(dates(trigger({ weeks: 1 }), b.facts)).toEqual(['2019-02-07']);
    b.withdraw('2019-02-15'); // 14 days: the second week completes on 02-14, the day before withdrawal
    expect(dates(trigger({ weeks: 1 }), b.facts)).toEqual(['2019-02-07', '2019-02-14']);
  });

  it('bounds occurrences by maxPerParticipant', () => {
    expect(dates(trigger(), example().facts, 1)).toEqual(['2019-05-26']);
  });

  it('agrees with a day-by-day reference on random facts', () => {
    const base = toEpochDay('2019-01-01');
    const day = fc.integer({ min: 0, max: 400 });
    const placement = fc.record({
      start: day,
      length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      hours: fc.constantFrom(10, 16, 30),
      kind: fc.constantFrom<PlacementKind>('ordinary', 'flexjob', 'education'),
    });
    const evidence = fc.record({ placement: fc.nat(), from: day, length: fc.integer({ min: 0, max: 150 }), revoked: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(placement, { minLength: 1, maxLength: 4 }),
        fc.array(evidence, { maxLength: 8 }),
        day,
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (placements, evidences, enrolDay, stay, weeks, continuous) => {
          const b = new FactsBuilder().enrol(fromEpochDay(base + enrolDay));
          placements.forEach((p, i) =>
            b.placement(`P${i}`, fromEpochDay(base + p.start), p.length === undefined ? undefined : fromEpochDay(base + p.start + p.length), {
              hours: p.hours,
              kind: p.kind,
            }),
          );
          evidences.forEach((e, i) =>
            b.evidence(`E${i}`, `P${e.placement % placements.length}`, fromEpochDay(base + e.from), fromEpochDay(base + e.from + e.length), e.revoked),
          );
          if (stay !== undefined) b.withdraw(fromEpochDay(base + enrolDay + stay));
          const t = trigger({ weeks, continuous, kinds: ['ordinary', 'flexjob'] });
          expect(dates(t, b.facts, 50)).toEqual(referenceDates(b.facts, t, 50));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** §5 rule 2 read literally, one day at a time. */
function referenceDates(facts: ParticipantFacts, t: EmploymentSustainedTrigger, max: number): string[] {
  const evidenced = (d: string): boolean =>
    [...facts.placements.values()].some(
      (p) =>
        p.hoursPerWeek >= t.minHoursPerWeek &&
        (t.kinds === undefined || t.kinds.includes(p.kind)) &&
        p.startDate <= d &&
        (p.endDate === undefined || d <= p.endDate) &&
        [...facts.payrollEvidence.values()].some((e) => !e.revoked && e.placementId === p.placementId && e.from <= d && d <= e.to),
    );
  const out: string[] = [];
  let count = 0;
  let run = 0;
  for (let d = facts.enrolledOn!; facts.withdrawnOn === undefined ? d <= '2021-01-01' : d < facts.withdrawnOn; d = addDays(d, 1)) {
    if (!evidenced(d)) {
      run = 0;
      continue;
    }
    count++;
    run++;
    if ((t.continuous ? run : count) % (t.weeks * 7) === 0) out.push(d);
  }
  return out.slice(0, max);
}
