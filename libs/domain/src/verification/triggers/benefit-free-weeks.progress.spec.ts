import { FactsBuilder } from '../../testing/participant-facts.builder.js';
import { progressOf } from '../../testing/trigger-progress.helpers.js';
import type { BenefitFreeWeeksTrigger } from './benefit-free-weeks.trigger.js';
import { triggerTypeOf } from './trigger.registry.js';

const threeWeeks = (consecutive: boolean): BenefitFreeWeeksTrigger => ({ type: 'benefitFreeWeeks', weeks: 3, consecutive });

/**
 * Enrolled Monday 2019-01-07 (W02). W02-W05 not paid, W06 paid, W07-W08 not paid, W09 unrecorded,
 * W10 not paid. Sundays: W02 Jan 13, W03 Jan 20, W04 Jan 27, W05 Feb 3, W06 Feb 10, W07 Feb 17,
 * W08 Feb 24, W09 Mar 3, W10 Mar 10.
 */
function weeks(): FactsBuilder {
  return new FactsBuilder().enrol('2019-01-07').weeks(2019, 2, 5).week('2019-W06', true).weeks(2019, 7, 8).week('2019-W10', false);
}

describe('benefitFreeWeeks progress', () => {
  it('has stages', () => {
    expect(triggerTypeOf('benefitFreeWeeks').staged).toBe(true);
  });

  it('consecutive: the streak ending with the last week whose Sunday is by d, less its occurrences, times 7', () => {
    const p = progressOf(threeWeeks(true), weeks().facts); // occurrence #1 on Jan 27 (W04)
    expect(
      [
        '2019-01-12',
        '2019-01-13',
        '2019-01-19',
        '2019-01-20',
        '2019-01-27',
        '2019-02-03',
        '2019-02-09',
        '2019-02-10',
        '2019-02-17',
        '2019-02-24',
        '2019-03-03',
        '2019-03-09',
        '2019-03-10',
      ].map(p.on),
    ).toEqual([0, 7, 7, 14, 0, 7, 7, 0, 7, 14, 0, 0, 7]);
  });

  it('consecutive: stages are reached on Sundays, a part of a week counting as a whole one', () => {
    const p = progressOf(threeWeeks(true), weeks().facts);
    expect(p.firstReached(1, 7)).toBe('2019-01-13');
    expect(p.firstReached(1, 8)).toBe('2019-01-20'); // 8 days need 2 weeks
    expect(p.firstReached(1, 14)).toBe('2019-01-20');
    expect(p.firstReached(1, 15)).toBeUndefined(); // 3 weeks is the occurrence
    expect(p.firstReached(2, 7)).toBe('2019-02-03'); // W05, after the occurrence in W04
    expect(p.firstReached(2, 14)).toBe('2019-02-24'); // W05 alone is too short; W07-W08
    expect(progressOf(threeWeeks(true), weeks().facts, { lastDay: '2019-02-20' }).firstReached(2, 14)).toBeUndefined();
  });

  it('not consecutive: weeks that count with Sunday by d, less `weeks` per occurrence achieved by d, times 7', () => {
    const p = progressOf(threeWeeks(false), weeks().facts); // occurrences on Jan 27 (3rd week) and Feb 24 (6th)
    expect(['2019-01-27', '2019-02-03', '2019-02-10', '2019-02-17', '2019-02-24', '2019-03-03', '2019-03-10'].map(p.on)).toEqual([0, 7, 7, 14, 0, 0, 7]);
    expect(p.firstReached(2, 7)).toBe('2019-02-03');
    expect(p.firstReached(2, 14)).toBe('2019-02-17');
    expect(p.firstReached(3, 7)).toBe('2019-03-10');
    expect(progressOf(threeWeeks(false), weeks().facts, { limit: 1 }).on('2019-03-10')).toBe((7 - 3) * 7);
  });

  it('a week counts only with its Monday on or after the enrolment and its Sunday before the withdrawal', () => {
    const b = new FactsBuilder().enrol('2019-01-08').weeks(2019, 2, 8).withdraw('2019-02-24');
    // W02 (Monday Jan 7) is before the enrolment and W08 (Sunday Feb 24) not before the withdrawal.
    expect(progressOf({ type: 'benefitFreeWeeks', weeks: 10, consecutive: true }, b.facts).on('2019-02-23')).toBe(5 * 7);
    expect(progressOf({ type: 'benefitFreeWeeks', weeks: 10, consecutive: true }, b.facts).on('2019-02-24')).toBe(0);
    expect(progressOf({ type: 'benefitFreeWeeks', weeks: 10, consecutive: false }, b.facts).on('2019-03-31')).toBe(5 * 7);
  });
});
