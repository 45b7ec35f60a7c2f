import { definitionWith, FactsBuilder, OPEN_WINDOW } from '../../testing/participant-facts.builder.js';
import { evaluateParticipant } from '../evaluate-participant.js';
import type { PlacementStartTrigger } from './placement-start.trigger.js';

const trigger = (t: Partial<PlacementStartTrigger> = {}): PlacementStartTrigger => ({ type: 'placementStart', minHoursPerWeek: 16, ...t });
const run = (t: PlacementStartTrigger, b: FactsBuilder, max = 5) =>
  evaluateParticipant(definitionWith([{ code: 'JOB_START', trigger: t, maxPerParticipant: max }]), b.facts, OPEN_WINDOW);

describe('placementStart', () => {
  it('is achieved on the start date once that day is evidenced for the placement', () => {
    const b = new FactsBuilder().enrol('2019-01-07').placement('A', '2019-02-04', '2019-03-10', { hours: 20 });
    expect(run(trigger(), b)).toEqual([]);
    b.evidence('E1', 'A', '2019-02-04', '2019-03-10');
    expect(run(trigger(), b)).toEqual([{ outcomeCode: 'JOB_START', occurrence: 1, achievedOn: '2019-02-04', provenance: [1, 2, 3, 4] }]);
  });

  it('needs the start day itself to be evidenced, by evidence for that placement', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-02-04')
      .placement('B', '2019-02-04')
      .evidence('E1', 'A', '2019-02-05', '2019-03-10') // misses the start day
      .evidence('E2', 'B', '2019-01-01', '2019-01-31'); // other placement's period... before its start
    expect(run(trigger(), b)).toEqual([]);
  });

  it('a placement that never gets evidence does not use up an occurrence; occurrences go in date order', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('A', '2019-02-04')
      .placement('B', '2019-04-01')
      .placement('C', '2019-06-03')
      .evidence('EB', 'B', '2019-04-01', '2019-04-30')
      .evidence('EC', 'C', '2019-06-03', '2019-06-30');
    const achievements = run(trigger(), b);
    expect(achievements.map((a) => [a.occurrence, a.achievedOn])).toEqual([
      [1, '2019-04-01'],
      [2, '2019-06-03'],
    ]);
    // Evidence for A arrives later: A becomes occurrence 1, the others move up.
    b.evidence('EA', 'A', '2019-02-04', '2019-02-28');
    expect(run(trigger(), b).map((a) => [a.occurrence, a.achievedOn])).toEqual([
      [1, '2019-02-04'],
      [2, '2019-04-01'],
      [3, '2019-06-03'],
    ]);
  });

  it('same-day starts each count, ordered by placementId', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('Z', '2019-02-04')
      .placement('M', '2019-02-04')
      .evidence('EZ', 'Z', '2019-02-04', '2019-02-10')
      .evidence('EM', 'M', '2019-02-04', '2019-02-10');
    const achievements = run(trigger(), b);
    expect(achievements).toHaveLength(2);
    expect(achievements[0].provenance).toEqual([1, 3, 5]); // M: enrolment, started, evidence
    expect(achievements[1].provenance).toEqual([1, 2, 4]); // Z
  });

  it('filters by minHoursPerWeek and kinds', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('LOW', '2019-02-04', undefined, { hours: 15 })
      .placement('EDU', '2019-03-04', undefined, { kind: 'education' })
      .placement('FLEX', '2019-04-01', undefined, { kind: 'flexjob', hours: 16 })
      .evidence('E1', 'LOW', '2019-02-04', '2019-02-10')
      .evidence('E2', 'EDU', '2019-03-04', '2019-03-10')
      .evidence('E3', 'FLEX', '2019-04-01', '2019-04-10');
    expect(run(trigger({ kinds: ['ordinary', 'flexjob'] }), b).map((a) => a.achievedOn)).toEqual(['2019-04-01']);
    expect(run(trigger(), b).map((a) => a.achievedOn)).toEqual(['2019-03-04', '2019-04-01']);
    expect(run(trigger({ minHoursPerWeek: 15 }), b).map((a) => a.achievedOn)).toEqual(['2019-02-04', '2019-03-04', '2019-04-01']);
  });

  it('counts only starts inside the enrolment interval, and at most maxPerParticipant', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-07')
      .placement('BEFORE', '2019-01-01')
      .placement('A', '2019-02-04')
      .placement('B', '2019-03-04')
      .evidence('E0', 'BEFORE', '2019-01-01', '2019-03-31')
      .evidence('EA', 'A', '2019-02-04', '2019-03-31')
      .evidence('EB', 'B', '2019-03-04', '2019-03-31')
      .withdraw('2019-03-04');
    expect(run(trigger(), b).map((a) => a.achievedOn)).toEqual(['2019-02-04']);
    expect(run(trigger(), b, 1)).toHaveLength(1);
  });

  it('ignores revoked evidence', () => {
    const b = new FactsBuilder().enrol('2019-01-07').placement('A', '2019-02-04').evidence('E1', 'A', '2019-02-04', '2019-02-28', true);
    expect(run(trigger(), b)).toEqual([]);
  });
});
