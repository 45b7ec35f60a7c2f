import { FieldChecks, index, join } from '../../shared/field-checks.js';
import { isPlacementKind, PLACEMENT_KINDS, type PlacementFact, type PlacementKind } from '../participant-facts.js';

/** Which placements a trigger counts: enough hours per week, and of an accepted kind. */
export interface PlacementFilter {
  minHoursPerWeek: number;
  /** All kinds when absent. */
  kinds?: PlacementKind[];
}

export function qualifies(placement: PlacementFact, filter: PlacementFilter): boolean {
  return placement.hoursPerWeek >= filter.minHoursPerWeek && (filter.kinds === undefined || filter.kinds.includes(placement.kind));
}

export function validatePlacementFilter(input: Record<string, unknown>, path: string, checks: FieldChecks): PlacementFilter | undefined {
  const minHoursPerWeek = checks.number(input.minHoursPerWeek, join(path, 'minHoursPerWeek'), 0);
  let kinds: PlacementKind[] | undefined;
  let kindsOk = true;
  if (input.kinds !== undefined) {
    const list = checks.array(input.kinds, join(path, 'kinds'));
    if (list === undefined) kindsOk = false;
    else if (list.length === 0) {
      checks.fail(join(path, 'kinds'), 'must name at least one kind (leave it out to accept all kinds)');
      kindsOk = false;
    } else {
      kinds = [];
      list.forEach((kind, i) => {
        if (!isPlacementKind(kind)) {
          checks.fail(index(join(path, 'kinds'), i), `is not a known kind (${PLACEMENT_KINDS.join(', ')})`);
          kindsOk = false;
        } else if (kinds!.includes(kind)) {
          checks.fail(index(join(path, 'kinds'), i), `repeats the kind ${kind}`);
          kindsOk = false;
        } else kinds!.push(kind);
      });
    }
  }
  if (minHoursPerWeek === undefined || !kindsOk) return undefined;
  return kinds === undefined ? { minHoursPerWeek } : { minHoursPerWeek, kinds };
}
