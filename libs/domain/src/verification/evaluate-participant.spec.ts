import { impact60Definition } from '../testing/contract.harness.js';
import { FactsBuilder, OPEN_WINDOW } from '../testing/participant-facts.builder.js';
import { addDays } from '../time/civil-date.js';
import { addIsoWeeks } from '../time/iso-week.js';
import { evaluateParticipant } from './evaluate-participant.js';

const definition = impact60Definition();

function workedExampleFacts(): FactsBuilder {
  return new FactsBuilder()
    .enrol('2019-01-07')
    .placement('A', '2019-02-04', '2019-03-10', { hours: 20 })
    .evidence('EA', 'A', '2019-02-04', '2019-03-10')
    .placement('B', '2019-04-01')
    .evidence('EB', 'B', '2019-04-01', '2019-08-25')
    .weeks(2019, 6, 31);
}

describe('evaluateParticipant', () => {
  it('lists achievements in definition order, then occurrence', () => {
    const achievements = evaluateParticipant(definition, workedExampleFacts().facts, OPEN_WINDOW);
    expect(achievements.map((a) => [a.outcomeCode, a.occurrence, a.achievedOn])).toEqual([
      ['JOB_START', 1, '2019-02-04'],
      ['JOB_13W', 1, '2019-05-26'],
      ['JOB_13W', 2, '2019-08-25'],
      ['SELF_SUPPORT_26W', 1, '2019-08-04'],
    ]);
  });

  it('a participant never enrolled achieves nothing', () => {
    const b = workedExampleFacts();
    delete b.facts.enrolledOn;
    delete b.facts.enrolledAt;
    expect(evaluateParticipant(definition, b.facts, OPEN_WINDOW)).toEqual([]);
  });

  it('only counts occurrences achieved up to the end of the contract window', () => {
    const facts = workedExampleFacts().facts;
    expect(evaluateParticipant(definition, facts, { start: '2018-09-01', end: '2019-08-24' }).map((a) => a.achievedOn)).toEqual([
      '2019-02-04',
      '2019-05-26',
      '2019-08-04',
    ]);
    expect(evaluateParticipant(definition, facts, { start: '2018-09-01', end: '2019-05-25' }).map((a) => a.achievedOn)).toEqual(['2019-02-04']);
  });

  it('after a termination, an enrolment dated after the effective date achieves nothing', () => {
    const facts = workedExampleFacts().facts;
    expect(evaluateParticipant(definition, facts, { start: '2018-09-01', end: '2020-06-30', enrolmentDeadline: '2019-01-06' })).toEqual([]);
    expect(evaluateParticipant(definition, facts, { start: '2018-09-01', end: '2020-06-30', enrolmentDeadline: '2019-01-07' })).toHaveLength(4);
  });

  it('an empty enrolment interval achieves nothing', () => {
    const b = workedExampleFacts().withdraw('2019-01-07');
    expect(evaluateParticipant(definition, b.facts, OPEN_WINDOW)).toEqual([]);
  });

  it('re-evaluates a participant with 1,000+ facts in well under a second', () => {
    const b = new FactsBuilder().enrol('2019-01-07');
    // 100 placements, each with 4 pieces of payroll evidence, over ~4 years; 500 benefit weeks.
    for (let i = 0; i < 100; i++) {
      const start = addDays('2019-01-07', i * 14);
      b.placement(`PL${i}`, start, addDays(start, 20), { hours: 20 + (i % 3) * 5 });
      for (let j = 0; j < 4; j++) b.evidence(`EV${i}-${j}`, `PL${i}`, addDays(start, j * 5), addDays(start, j * 5 + 6));
    }
    for (let w = 0; w < 500; w++) b.week(addIsoWeeks('2019-W02', w), w % 37 === 0);
    const facts = b.facts;
    expect(facts.placements.size + facts.payrollEvidence.size + facts.benefitWeeks.size).toBeGreaterThanOrEqual(1000);
    const many = { ...definition, outcomes: definition.outcomes.map((o) => ({ ...o, maxPerParticipant: 50 })) };
    const window = { start: '2018-01-01', end: '2030-12-31' };
    evaluateParticipant(many, facts, window); // warm-up
    const started = performance.now();
    const rounds = 20;
    let achieved = 0;
    for (let i = 0; i < rounds; i++) achieved = evaluateParticipant(many, facts, window).length;
    const perEvaluation = (performance.now() - started) / rounds;
    expect(achieved).toBeGreaterThan(10);
    expect(perEvaluation).toBeLessThan(50); // typically a few ms
  });
});
