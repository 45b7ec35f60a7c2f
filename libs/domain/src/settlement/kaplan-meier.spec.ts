import { complementPer10000HalfUp, type FollowedUnit, greenwoodInterval95, kaplanMeier } from './kaplan-meier.js';

const event = (eventDay: number, followedDays = 1000): FollowedUnit => ({ eventDay, followedDays });
const censored = (followedDays: number): FollowedUnit => ({ eventDay: null, followedDays });

/** n units of which one achieves on each of the days 1, 2, …, events; the rest are followed 1000 days. */
function oneEventADay(n: number, events: number): FollowedUnit[] {
  return Array.from({ length: n }, (_, i) => (i < events ? event(i + 1) : censored(1000)));
}

/**
 * Units giving the product-limit steps asked for: on day i + 1, `atRisk` units of which `events`
 * achieve; the units the next step no longer has at risk are censored on that same day.
 */
function unitsFor(steps: ReadonlyArray<[atRisk: number, events: number]>): FollowedUnit[] {
  const units: FollowedUnit[] = [];
  steps.forEach(([atRisk, events], i) => {
    const next = steps[i + 1]?.[0] ?? 0;
    for (let k = 0; k < events; k++) units.push(event(i + 1));
    for (let k = 0; k < atRisk - events - next; k++) units.push(censored(i + 1));
  });
  return units;
}

describe('kaplanMeier', () => {
  it('gives the textbook product-limit estimate (Freireich’s 6-MP remission times, weeks)', () => {
    // 6, 6, 6, 6+, 7, 9+, 10, 10+, 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+, 32+, 32+, 34+, 35+ (+: censored).
    const units = [
      event(6, 40),
      event(6, 40),
      event(6, 40),
      censored(6),
      event(7, 40),
      censored(9),
      event(10, 40),
      censored(10),
      censored(11),
      event(13, 40),
      event(16, 40),
      censored(17),
      censored(19),
      censored(20),
      event(22, 40),
      event(23, 40),
      censored(25),
      censored(32),
      censored(32),
      censored(34),
      censored(35),
    ];
    const km = kaplanMeier(units, 35);
    // A unit censored on an event day is still at risk on that day (the 6+ and the 10+).
    expect(km.steps).toEqual([
      { day: 6, atRisk: 21, events: 3 },
      { day: 7, atRisk: 17, events: 1 },
      { day: 10, atRisk: 15, events: 1 },
      { day: 13, atRisk: 12, events: 1 },
      { day: 16, atRisk: 11, events: 1 },
      { day: 22, atRisk: 7, events: 1 },
      { day: 23, atRisk: 6, events: 1 },
    ]);
    // 18/21 · 16/17 · 14/15 · 11/12 · 10/11 · 6/7 · 5/6 = 4435200/9896040 = 160/357 (0.4482, the textbook's 0.448).
    expect(km.survival).toEqual({ numerator: 160n, denominator: 357n });
    expect(km.rate).toBe(5518); // 197/357 = 0.551820…
    // The textbook's log-log interval of S at 23 weeks is 0.188 to 0.680; of the rate, 1 minus those.
    expect(km.interval95).toEqual({ lower: 0.3199, upper: 0.8119 });
    expect([km.units, km.events, km.censored, km.determined, km.reachesHorizon]).toEqual([21, 9, 11, 10, true]);
  });

  it('counts the event days from 0 up to the horizon itself in the product, and keeps later ones at risk', () => {
    const units = [event(0), event(3), event(3), censored(2), event(5), event(9), censored(20)];
    const km = kaplanMeier(units, 5);
    // Day 0 and day H = 5 count; day 9 is after H: that unit is at risk on 0, 3 and 5, and determined (followed 1000 days).
    expect(km.steps).toEqual([
      { day: 0, atRisk: 7, events: 1 },
      { day: 3, atRisk: 5, events: 2 },
      { day: 5, atRisk: 3, events: 1 },
    ]);
    expect(km.survival).toEqual({ numerator: 12n, denominator: 35n }); // 6/7 · 3/5 · 2/3
    expect(km.rate).toBe(6571); // 23/35 = 0.657142…
    expect([km.events, km.censored, km.determined, km.reachesHorizon]).toEqual([4, 1, 6, true]);
  });

  it('is exact over many terms, whose product no float holds', () => {
    // One unit achieves on each of the days 1..24, at risk p = 97, 89, …, 3 (primes): S = ∏ (p − 1)/p.
    const primes = [97, 89, 83, 79, 73, 71, 67, 61, 59, 53, 47, 43, 41, 37, 31, 29, 23, 19, 17, 13, 11, 7, 5, 3];
    const km = kaplanMeier(unitsFor(primes.map((p) => [p, 1])), 30);
    const { numerator, denominator } = km.survival;
    expect(km.steps.map((s) => s.atRisk)).toEqual(primes);
    // S · ∏ p = ∏ (p − 1), in lowest terms; the denominator is past 2^90.
    expect(numerator * primes.reduce((a, p) => a * BigInt(p), 1n)).toBe(denominator * primes.reduce((a, p) => a * BigInt(p - 1), 1n));
    expect(km.survival).toEqual({ numerator: 675570916638943850004480000n, denominator: 2807455661493975149742813527n });
    expect(denominator > 2n ** 90n).toBe(true);
    expect(km.rate).toBe(7594); // 0.759365…
  });

  it('rounds 1 − S half up at exactly half a ten-thousandth, also after many factors', () => {
    // S = 3/32: 1 − S = 0.90625, 9062.5 ten-thousandths: 9063 (not 9062, half to even or down).
    expect(kaplanMeier(oneEventADay(32, 29), 100).rate).toBe(9063);
    // 39 factors (96 − k − 1)/(96 − k) telescope to S = 57/96 = 0.59375: 4062.5, so 4063. Multiplied in
    // floating point they give 0.5937500000000001, which would round to 4062.
    const km = kaplanMeier(oneEventADay(96, 39), 100);
    expect(km.survival).toEqual({ numerator: 19n, denominator: 32n });
    expect(km.rate).toBe(4063);
    expect(complementPer10000HalfUp({ numerator: 1n, denominator: 20000n })).toBe(10000); // 9999.5
    expect(complementPer10000HalfUp({ numerator: 3n, denominator: 20000n })).toBe(9999); // 9998.5 -> 9999
    expect(complementPer10000HalfUp({ numerator: 20001n, denominator: 40000n })).toBe(5000); // 4999.75
  });

  it('gives Greenwood’s log-log interval of the rate, computed here independently', () => {
    // Steps (7, 2) and (4, 1): S = 5/7 · 3/4 = 15/28, V = 2/35 + 1/12 = 59/420.
    // se = √V / |ln S| = 0.374802 / 0.624154 = 0.600496; exp(±1.959964 se) = 3.24453 and 0.308211;
    // S^3.24453 = 0.131988, S^0.308211 = 0.824997: the rate lies in [0.175003, 0.868012].
    expect(
      greenwoodInterval95([
        { day: 10, atRisk: 7, events: 2 },
        { day: 20, atRisk: 4, events: 1 },
      ]),
    ).toEqual({ lower: 0.175, upper: 0.868 });
    // One step (8, 1): S = 7/8, V = 1/56: [0.018607, 0.613000].
    expect(greenwoodInterval95([{ day: 23, atRisk: 8, events: 1 }])).toEqual({ lower: 0.0186, upper: 0.613 });
  });

  it('has no interval where it is undefined: S = 1 (nothing by H) or S = 0 (every unit at risk achieved)', () => {
    expect(greenwoodInterval95([])).toBeNull();
    const none = kaplanMeier([censored(10), event(12, 20)], 10);
    expect([none.survival, none.rate, none.interval95]).toEqual([{ numerator: 1n, denominator: 1n }, 0, null]);
    const all = kaplanMeier([event(1), event(2), censored(1)], 10);
    expect([all.survival, all.rate, all.interval95]).toEqual([{ numerator: 0n, denominator: 1n }, 10000, null]);
  });

  it('says whether the history reaches the horizon, and which units are determined at it', () => {
    // An event after H reaches it, and is determined (followed 1000 days); a unit censored on day 9 is neither.
    const late = kaplanMeier([event(3), event(12), censored(9)], 10);
    expect([late.determined, late.reachesHorizon]).toEqual([2, true]);
    // Two units determined by their events, but every event or censoring day is before H.
    const early = kaplanMeier([event(3), event(4), censored(9)], 10);
    expect([early.determined, early.reachesHorizon]).toEqual([2, false]);
    const none = kaplanMeier([], 10);
    expect([none.units, none.rate, none.determined, none.reachesHorizon, none.interval95]).toEqual([0, 0, 0, false, null]);
    expect(kaplanMeier([censored(10)], 10)).toMatchObject({ determined: 1, censored: 0, reachesHorizon: true });
  });

  it('refuses a unit that achieves after it stopped being followed, or before it was', () => {
    expect(() => kaplanMeier([event(5, 4)], 10)).toThrow(RangeError);
    expect(() => kaplanMeier([event(-1, 4)], 10)).toThrow(RangeError);
    expect(() => kaplanMeier([censored(-1)], 10)).toThrow(RangeError);
  });
});
