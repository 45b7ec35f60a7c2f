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

  it('a participant with 1,000+ facts: every rule counts each occurrence up to its cap (its speed is in `npm run bench`, re-verification)', () => {
    const b = new FactsBuilder().enrol('2019-01-07');
    // 100 overlapping placements (3 weeks each, one every 2 weeks), each with 4 pieces of payroll
    // evidence, so employment is unbroken from 2019-01-07 to 2022-11-13; 500 benefit weeks, paid in every 37th.
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
    const achievements = evaluateParticipant(many, facts, window);
    const dates = (code: string) => achievements.filter((a) => a.outcomeCode === code).map((a) => a.achievedOn);
    // A start per placement, stopped by the cap of 50 (of 100).
    expect(dates('JOB_START')).toEqual(Array.from({ length: 50 }, (_, i) => addDays('2019-01-07', i * 14)));
    // 201 weeks of employment hold 15 whole periods of 13 weeks.
    expect(dates('JOB_13W')).toHaveLength(15);
    expect(dates('JOB_13W').slice(0, 2)).toEqual(['2019-04-07', '2019-07-07']);
    expect(dates('JOB_13W').at(-1)).toBe('2022-10-02');
    // 36 benefit-free weeks between paid ones: one 26-week run in each of the 13 gaps; the 19-week tail holds none.
    expect(dates('SELF_SUPPORT_26W')).toHaveLength(13);
    expect(dates('SELF_SUPPORT_26W').at(-1)).toBe('2028-01-16');
    for (const code of ['JOB_START', 'JOB_13W', 'SELF_SUPPORT_26W']) {
      const occurrences = achievements.filter((a) => a.outcomeCode === code).map((a) => a.occurrence);
      expect(occurrences).toEqual(occurrences.map((_, i) => i + 1));
    }
    // Re-evaluating the same facts gives the same list: nothing is remembered between evaluations.
    expect(evaluateParticipant(many, facts, window)).toEqual(achievements);
  });
});
