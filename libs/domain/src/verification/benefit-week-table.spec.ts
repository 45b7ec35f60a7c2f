import fc from 'fast-check';
import { VersionedMap } from '../shared/versioned-map.js';
import { BenefitWeekTable, type BenefitWeekColumns } from './benefit-week-table.js';
import type { BenefitWeekFact } from './participant-facts.js';

const WEEKS = ['2019-W01', '2019-W02', '2019-W03', '2019-W20', '2020-W53'];

const record = fc.record({
  week: fc.constantFrom(...WEEKS),
  benefitPaid: fc.boolean(),
  position: fc.integer({ min: 1, max: 5_000_000 }),
  source: fc.option(fc.constantFrom('DREAM', 'DREAM correction', ''), { nil: undefined }),
  records: fc.integer({ min: 1, max: 1_000 }),
});

type Step = { set: BenefitWeekFact } | { delete: string } | { clear: true };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: record.map((set) => ({ set })) },
  { weight: 2, arbitrary: fc.constantFrom(...WEEKS).map((week) => ({ delete: week })) },
  { weight: 1, arbitrary: fc.constant({ clear: true as const }) },
);

function apply(map: Map<string, BenefitWeekFact>, change: Step): unknown {
  if ('set' in change) return map.set(change.set.week, change.set) === map;
  if ('delete' in change) return map.delete(change.delete);
  return map.clear();
}

/** Everything a reader of a Map can see of it. */
function seen(map: Map<string, BenefitWeekFact>): unknown {
  const forEach: unknown[] = [];
  map.forEach((value, key) => forEach.push([key, value]));
  return {
    size: map.size,
    entries: [...map.entries()],
    iterated: [...map],
    keys: [...map.keys()],
    values: [...map.values()],
    forEach,
    got: WEEKS.map((week) => [map.get(week), map.has(week)]),
  };
}

describe('BenefitWeekTable', () => {
  it('reads as a Map of the same records would, after any sets, deletes and clears, in the same order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const map = new Map<string, BenefitWeekFact>();
        const table = new BenefitWeekTable();
        for (const change of steps) {
          expect(apply(table, change)).toEqual(apply(map, change));
          expect(seen(table)).toEqual(seen(map));
        }
      }),
    );
  });

  it('counts every change as a VersionedMap does (what lets an evaluation be reused)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const versioned = new VersionedMap<string, BenefitWeekFact>();
        const table = new BenefitWeekTable();
        for (const change of steps) {
          apply(versioned, change);
          apply(table, change);
          expect(table.version).toBe(versioned.version);
        }
      }),
    );
  });

  it('gives back its records through its columns as JSON (the snapshot codec), and its copy changes apart from it', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), record, (records, later) => {
        const table = new BenefitWeekTable(records);
        const columns = JSON.parse(JSON.stringify(table.columns())) as BenefitWeekColumns;
        expect(seen(BenefitWeekTable.fromColumns(columns))).toEqual(seen(table));
        const copy = table.copy();
        const before = seen(table);
        copy.set(later.week, later);
        expect(seen(table)).toEqual(before);
        expect(copy.get(later.week)).toEqual(later);
      }),
    );
  });

  it('keeps a record under its own week only, and refuses columns that are not its own', () => {
    const table = new BenefitWeekTable();
    expect(() => table.set('2019-W02', { week: '2019-W01', benefitPaid: false, position: 1, records: 1 })).toThrow(/own week/);
    expect(() => BenefitWeekTable.fromColumns({ text: ['2019-W01', null], numbers: [1] })).toThrow(/columns/);
  });
});
