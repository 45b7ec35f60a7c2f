import fc from 'fast-check';
import { cutInOrder, scaleToHeadroom } from './cap-cuts.js';
import { stageAt } from './settlement-rates.js';

describe('cutInOrder', () => {
  it('gives each amount what the headroom still leaves, in order', () => {
    expect(cutInOrder([500, 300, 400], 1000)).toEqual([500, 300, 200]);
    expect(cutInOrder([500, 300, 400], 0)).toEqual([0, 0, 0]);
    expect(cutInOrder([500, 300], Infinity)).toEqual([500, 300]);
  });
});

describe('scaleToHeadroom', () => {
  it('leaves amounts within the headroom alone', () => {
    expect(scaleToHeadroom([3, 4], 7)).toEqual([3, 4]);
    expect(scaleToHeadroom([3, 4], Infinity)).toEqual([3, 4]);
  });

  it('scales by floor(amount * H / S), then one unit each to the largest remainders, the earlier on a tie', () => {
    // 1 * 2 / 3 = 0 r 2 for each: the first two get the 2 units.
    expect(scaleToHeadroom([1, 1, 1], 2)).toEqual([1, 1, 0]);
    // S = 10, H = 7: 5 -> 3 r 5, 3 -> 2 r 1, 2 -> 1 r 4; floors 6, one unit to r 5.
    expect(scaleToHeadroom([5, 3, 2], 7)).toEqual([4, 2, 1]);
    // S = 10, H = 8: 2 -> 1 r 6 (three times), 4 -> 3 r 2; floors 6, two units to the first two r 6.
    expect(scaleToHeadroom([2, 2, 4, 2], 8)).toEqual([2, 2, 3, 1]);
    expect(scaleToHeadroom([5, 3], 0)).toEqual([0, 0]);
  });

  it('is exact with amounts whose products pass 2^53', () => {
    const big = 4_000_000_000_000_000;
    expect(scaleToHeadroom([big, big, 1], big)).toEqual([big / 2, big / 2, 0]);
  });

  it('always totals min(sum, headroom), never raises an amount, and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 300_000_000 }), (amounts, headroom) => {
        const scaled = scaleToHeadroom(amounts, headroom);
        const sum = amounts.reduce((a, b) => a + b, 0);
        expect(scaled.reduce((a, b) => a + b, 0)).toBe(Math.min(sum, headroom));
        scaled.forEach((x, i) => {
          expect(x).toBeLessThanOrEqual(amounts[i]);
          if (sum > headroom) {
            const floor = (BigInt(amounts[i]) * BigInt(headroom)) / BigInt(sum);
            expect(BigInt(x) - floor >= 0n && BigInt(x) - floor <= 1n).toBe(true);
          }
        });
      }),
    );
  });
});

describe('stageAt', () => {
  it('is the largest stage bound not above the progress', () => {
    expect([0, 29, 30, 59, 60, 400].map((p) => stageAt([0, 30, 60], p))).toEqual([0, 0, 30, 30, 60, 60]);
    expect(stageAt([0], 100)).toBe(0);
  });
});
