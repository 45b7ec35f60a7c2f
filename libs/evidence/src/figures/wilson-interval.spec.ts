import { wilsonInterval } from './wilson-interval.js';

describe('the Wilson 95 % interval', () => {
  it('for 3 of 10 is (0.1078, 0.6032), worked by hand from p = 0.3, z = 1.96', () => {
    // centre = (0.3 + z²/20) / (1 + z²/10); half = z·√(0.021 + z²/400) / (1 + z²/10)
    const interval = wilsonInterval(3, 10)!;
    expect(interval.low).toBeCloseTo(0.10779, 4);
    expect(interval.high).toBeCloseTo(0.60322, 4);
  });

  it('stays inside [0, 1] at the edges: 0 of 10 gives (0, 0.2775), 10 of 10 gives (0.7225, 1)', () => {
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.27753, 4);
    const all = wilsonInterval(10, 10)!;
    expect(all.low).toBeCloseTo(0.72247, 4);
    expect(all.high).toBe(1);
  });

  it('is symmetric: k of n mirrors n − k of n', () => {
    const a = wilsonInterval(7, 40)!;
    const b = wilsonInterval(33, 40)!;
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('has no interval without trials, or for impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 4)).toBeNull();
    expect(wilsonInterval(-1, 4)).toBeNull();
  });
});
