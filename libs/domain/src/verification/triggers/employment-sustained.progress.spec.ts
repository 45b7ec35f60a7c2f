import { FactsBuilder } from '../../testing/participant-facts.builder.js';
import { progressOf } from '../../testing/trigger-progress.helpers.js';
import { triggerTypeOf } from './trigger.registry.js';
import type { EmploymentSustainedTrigger } from './employment-sustained.trigger.js';

const oneWeek = (continuous: boolean): EmploymentSustainedTrigger => ({ type: 'employmentSustained', weeks: 1, minHoursPerWeek: 16, continuous });

/** Evidenced days 2019-01-07..16 (10, placement A) and 2019-01-21..25 (5, placement B). */
function twoRuns(): FactsBuilder {
  return new FactsBuilder()
    .enrol('2019-01-07')
    .placement('A', '2019-01-07', '2019-01-16')
    .evidence('EA', 'A', '2019-01-01', '2019-01-31')
    .placement('B', '2019-01-21')
    .evidence('EB', 'B', '2019-01-21', '2019-01-25');
}

describe('employmentSustained progress', () => {
  it('has stages', () => {
    expect(triggerTypeOf('employmentSustained').staged).toBe(true);
  });

  it('not continuous: evidenced days up to d, less weeks*7 per occurrence achieved by d (occurrences on Jan 13 and Jan 24)', () => {
    const p = progressOf(oneWeek(false), twoRuns().facts);
    expect(
      ['2019-01-06', '2019-01-07', '2019-01-12', '2019-01-13', '2019-01-16', '2019-01-18', '2019-01-23', '2019-01-24', '2019-01-25', '2019-02-28'].map(p.on),
    ).toEqual([0, 1, 6, 0, 3, 3, 6, 0, 1, 1]);
  });

  it('not continuous: the day progress towards occurrence j reaches a number of days', () => {
    const p = progressOf(oneWeek(false), twoRuns().facts);
    expect(p.firstReached(1, 3)).toBe('2019-01-09');
    expect(p.firstReached(1, 6)).toBe('2019-01-12');
    expect(p.firstReached(1, 7)).toBeUndefined(); // at 7 days the occurrence itself is achieved
    expect(p.firstReached(2, 3)).toBe('2019-01-16'); // the 10th evidenced day
    expect(p.firstReached(2, 4)).toBe('2019-01-21'); // the 11th, after the gap
    expect(p.firstReached(3, 1)).toBe('2019-01-25');
    expect(p.firstReached(3, 2)).toBeUndefined(); // no 16th day
    expect(p.firstReached(6, 1)).toBeUndefined(); // beyond maxPerParticipant
  });

  it('not continuous: nothing after the last day counts', () => {
    const p = progressOf(oneWeek(false), twoRuns().facts, { lastDay: '2019-01-20' });
    expect(p.on('2019-01-20')).toBe(3);
    expect(p.firstReached(2, 3)).toBe('2019-01-16');
    expect(p.firstReached(2, 4)).toBeUndefined();
  });

  it('not continuous: beyond maxPerParticipant no occurrence resets the progress', () => {
    const p = progressOf(oneWeek(false), twoRuns().facts, { limit: 1 });
    expect(p.on('2019-01-25')).toBe(15 - 7);
  });

  it('continuous: the length up to d of the run that includes d, less its occurrences; 0 outside a run', () => {
    const p = progressOf(oneWeek(true), twoRuns().facts);
    expect(['2019-01-07', '2019-01-13', '2019-01-16', '2019-01-17', '2019-01-20', '2019-01-21', '2019-01-25', '2019-01-26'].map(p.on)).toEqual([
      1, 0, 3, 0, 0, 1, 5, 0,
    ]);
    expect(p.firstReached(1, 3)).toBe('2019-01-09');
    expect(p.firstReached(2, 3)).toBe('2019-01-16'); // 3 days after the occurrence of Jan 13, in the same run
    expect(p.firstReached(2, 4)).toBe('2019-01-24'); // the first run had only 3 left: the 4th day of the next one
    expect(p.firstReached(2, 5)).toBe('2019-01-25');
    expect(p.firstReached(2, 6)).toBeUndefined();
  });

  it('continuous: a long run yields several occurrences, and the progress restarts after each', () => {
    const b = new FactsBuilder().enrol('2019-01-07').placement('A', '2019-01-07').evidence('EA', 'A', '2019-01-07', '2019-01-26');
    const p = progressOf(oneWeek(true), b.facts); // occurrences on Jan 13 and Jan 20
    expect(p.on('2019-01-20')).toBe(0);
    expect(p.on('2019-01-22')).toBe(2);
    expect(p.firstReached(3, 2)).toBe('2019-01-22');
    expect(p.firstReached(2, 6)).toBe('2019-01-19');
    const capped = progressOf(oneWeek(true), b.facts, { limit: 1 });
    expect(capped.on('2019-01-22')).toBe(16 - 7); // only one occurrence counts
  });

  it('counts only days inside the enrolment interval, of qualifying placements, once when placements overlap', () => {
    const b = new FactsBuilder()
      .enrol('2019-01-09')
      .placement('A', '2019-01-07', '2019-01-20')
      .evidence('EA', 'A', '2019-01-07', '2019-01-20')
      .placement('B', '2019-01-10', '2019-01-12')
      .evidence('EB', 'B', '2019-01-10', '2019-01-12')
      .placement('C', '2019-01-21', '2019-01-31', { hours: 10 })
      .evidence('EC', 'C', '2019-01-21', '2019-01-31')
      .withdraw('2019-01-15');
    const p = progressOf({ type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false }, b.facts);
    expect(p.on('2019-01-31')).toBe(6); // Jan 9..14
  });
});
