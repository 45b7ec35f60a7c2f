import fc from 'fast-check';
import { type FollowedUnit, kaplanMeier } from './kaplan-meier.js';

const HORIZON = 28;

/** A unit followed 0 to 120 days, achieving on a day up to that, or not. */
const unit: fc.Arbitrary<FollowedUnit> = fc
  .record({ followedDays: fc.integer({ min: 0, max: 120 }), achieves: fc.boolean(), at: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ followedDays, achieves, at }) => ({ followedDays, eventDay: achieves ? Math.floor(at * followedDays) : null }));
const units = fc.array(unit, { maxLength: 60 });

/** round(10000 · a / c), halves up, in integers. */
const halfUp = (a: number, c: number): number => Math.floor((20000 * a + c) / (2 * c));

describe('kaplanMeier properties', () => {
  it('gives a rate between 0 and 1, S between 0 and 1, and an interval inside [0, 1] around the rate', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 1, max: 60 }), (list, horizon) => {
        const km = kaplanMeier(list, horizon);
        const { numerator, denominator } = km.survival;
        expect(numerator >= 0n && numerator <= denominator && denominator > 0n).toBe(true);
        expect(km.rate >= 0 && km.rate <= 10000 && Number.isInteger(km.rate)).toBe(true);
        if (km.interval95 !== null) {
          const { lower, upper } = km.interval95;
          expect(0 <= lower && lower <= upper && upper <= 1).toBe(true);
          expect(lower - 1e-4 <= km.rate / 10000 && km.rate / 10000 <= upper + 1e-4).toBe(true);
        }
        expect(km.events + km.censored).toBeLessThanOrEqual(km.units);
        expect(km.determined).toBe(km.units - km.censored);
      }),
      { numRuns: 300 },
    );
  });

  it('with no unit censored before H, 1 − S is exactly events over units, so the rate is that share rounded half up', () => {
    // Every unit achieves by H, or is followed at least H days (achieving later, or not at all).
    const determined: fc.Arbitrary<FollowedUnit> = fc.oneof(
      fc.integer({ min: 0, max: HORIZON }).chain((eventDay) => fc.integer({ min: eventDay, max: 120 }).map((followedDays) => ({ followedDays, eventDay }))),
      fc
        .record({ followedDays: fc.integer({ min: HORIZON, max: 120 }), late: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }) })
        .map(({ followedDays, late }) => ({
          followedDays,
          eventDay: late === null || followedDays === HORIZON ? null : HORIZON + 1 + Math.floor(late * (followedDays - HORIZON - 1)),
        })),
    );
    fc.assert(
      fc.property(fc.array(determined, { minLength: 1, maxLength: 80 }), (list) => {
        const km = kaplanMeier(list, HORIZON);
        expect(km.censored).toBe(0);
        const { numerator, denominator } = km.survival;
        // 1 − n/d = events/units  <=>  (d − n) · units = events · d
        expect((denominator - numerator) * BigInt(km.units)).toBe(BigInt(km.events) * denominator);
        expect(km.rate).toBe(halfUp(km.events, km.units));
      }),
      { numRuns: 300 },
    );
  });

  // A unit censored after every event is at risk at each of them: it changes S (one event and one such
  // unit: S = 1/2; with a second such unit: 2/3), but only upwards. One censored before every event is
  // at risk at none of them: S stays exactly as it was.
  it('adding a unit censored after every event never lowers S (never raises the rate); one censored before every event leaves S as it was', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 50 }), (list, horizon, gap) => {
        const eventDays = list.flatMap((u) => (u.eventDay === null ? [] : [u.eventDay]));
        const before = kaplanMeier(list, horizon);
        const after = kaplanMeier([...list, { followedDays: Math.max(-1, ...eventDays) + gap, eventDay: null }], horizon);
        expect(after.survival.numerator * before.survival.denominator >= before.survival.numerator * after.survival.denominator).toBe(true);
        expect(after.rate).toBeLessThanOrEqual(before.rate);
        const firstEvent = Math.min(...eventDays);
        if (firstEvent >= 1) {
          const early = kaplanMeier([...list, { followedDays: Math.max(0, firstEvent - gap), eventDay: null }], horizon);
          expect(early.survival).toEqual(before.survival);
          expect(early.steps.map((s) => s.atRisk)).toEqual(before.steps.map((s) => s.atRisk));
        }
      }),
      { numRuns: 300 },
    );
  });
});
