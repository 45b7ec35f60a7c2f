import { CellSuppression } from './cell-suppression.js';

describe('cell suppression', () => {
  it('withholds counts of 1 to 4 participants and shows 0 and 5 or more, counting what it withheld', () => {
    const cells = new CellSuppression();
    expect([0, 1, 4, 5, 120].map((n) => cells.count(n))).toEqual([0, null, null, 5, 120]);
    expect(cells.suppressed).toBe(2);
  });

  it('withholds a value derived from a small cell (an amount of 3 participants) but not one of 5', () => {
    const cells = new CellSuppression();
    expect(cells.cell(3, 9_000_000)).toBeNull();
    expect(cells.cell(5, 15_000_000)).toBe(15_000_000);
  });

  it('in a partition with a shown total, a single small cell takes the next smallest with it, so the total cannot give it away', () => {
    const cells = new CellSuppression();
    expect(cells.partition([12, 3, 7, 9])).toEqual([12, null, null, 9]);
    expect(cells.suppressed).toBe(2);
  });

  it('in a partition, two small cells already protect each other, and zero cells are neither withheld nor taken', () => {
    const cells = new CellSuppression();
    expect(cells.partition([2, 0, 3, 9])).toEqual([null, 0, null, 9]);
    expect(cells.partition([12, 0, 7])).toEqual([12, 0, 7]);
    expect(cells.partition([4, 0])).toEqual([null, 0]);
    expect(cells.suppressed).toBe(3);
  });
});
