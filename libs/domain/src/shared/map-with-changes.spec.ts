import fc from 'fast-check';
import { MapWithChanges } from './map-with-changes.js';

const key = fc.integer({ min: 0, max: 9 });
const entries = fc.array(fc.tuple(key, fc.string({ maxLength: 3 })), { maxLength: 8 });

describe('MapWithChanges', () => {
  it('reads as a copy of its base with the same sets would, in the same order, and leaves the base as it was', () => {
    fc.assert(
      fc.property(entries, entries, fc.boolean(), (baseEntries, sets, readBetween) => {
        const base = new Map(baseEntries);
        const before = [...base];
        const copy = new Map(base);
        const view = new MapWithChanges(base);
        for (const [k, v] of sets) {
          copy.set(k, v);
          view.set(k, v);
          // A read between sets must not keep the values of before a later set.
          if (readBetween) expect([...view.values()]).toEqual([...copy.values()]);
        }
        expect([...view]).toEqual([...copy]);
        expect([...view.entries()]).toEqual([...copy.entries()]);
        expect([...view.keys()]).toEqual([...copy.keys()]);
        expect([...view.values()]).toEqual([...copy.values()]);
        expect(view.size).toBe(copy.size);
        for (let k = 0; k <= 9; k++) {
          expect(view.has(k)).toBe(copy.has(k));
          expect(view.get(k)).toBe(copy.get(k));
        }
        const seen: Array<[number, string]> = [];
        view.forEach((v, k) => seen.push([k, v]));
        expect(seen).toEqual([...copy]);
        expect([...base]).toEqual(before);
        expect(view.unchanged).toBe(sets.length === 0 ? base : undefined);
      }),
    );
  });

  it('refuses to delete, so that it never has to hide a key of its base', () => {
    const view = new MapWithChanges(new Map([[1, 'a']]));
    expect(() => view.delete()).toThrow(/cannot be deleted/);
    expect(() => view.clear()).toThrow(/cannot be deleted/);
  });
});
