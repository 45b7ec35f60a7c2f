import type { FieldChecks } from '../../shared/field-checks.js';
import { compareStrings } from '../../shared/sorted-unique.js';
import { toEpochDay } from '../../time/civil-date.js';
import type { PayrollEvidenceFact, PlacementKind } from '../participant-facts.js';
import { qualifies, validatePlacementFilter } from './qualifying-placement.js';
import { NO_PROGRESS, type TriggerOccurrence, type TriggerSubject, type TriggerType } from './trigger.js';

export interface PlacementStartTrigger {
  type: 'placementStart';
  minHoursPerWeek: number;
  kinds?: PlacementKind[];
}

/**
 * §5 rule 1: occurrence k is the k-th start (in date order; same-day starts by placementId) of a
 * qualifying placement inside the enrolment interval whose start day is an evidenced employment
 * day of that placement. A placement without such evidence uses up no occurrence.
 */
function evaluate(trigger: PlacementStartTrigger, subject: TriggerSubject): TriggerOccurrence[] {
  const evidenceByPlacement = new Map<string, PayrollEvidenceFact[]>();
  for (const evidence of subject.facts.payrollEvidence.values()) {
    if (evidence.revoked) continue;
    const list = evidenceByPlacement.get(evidence.placementId);
    if (list === undefined) evidenceByPlacement.set(evidence.placementId, [evidence]);
    else list.push(evidence);
  }

  const starts: { day: number; placementId: string; provenance: number[] }[] = [];
  for (const placement of subject.facts.placements.values()) {
    if (!qualifies(placement, trigger)) continue;
    const day = toEpochDay(placement.startDate);
    if (day < subject.from || day >= subject.until) continue;
    if (placement.endDate !== undefined && toEpochDay(placement.endDate) < day) continue;
    const covering = (evidenceByPlacement.get(placement.placementId) ?? []).filter((e) => toEpochDay(e.from) <= day && day <= toEpochDay(e.to));
    if (covering.length === 0) continue;
    starts.push({ day, placementId: placement.placementId, provenance: [...placement.positions, ...covering.map((e) => e.position)] });
  }
  starts.sort((a, b) => a.day - b.day || compareStrings(a.placementId, b.placementId));

  const out: TriggerOccurrence[] = [];
  for (const start of starts) {
    if (start.day > subject.lastDay || out.length >= subject.limit) break;
    out.push({ achievedOn: start.day, provenance: start.provenance });
  }
  return out;
}

function validate(input: Record<string, unknown>, path: string, checks: FieldChecks): PlacementStartTrigger | undefined {
  checks.onlyKnownKeys(input, ['type', 'minHoursPerWeek', 'kinds'], path);
  const filter = validatePlacementFilter(input, path, checks);
  if (filter === undefined) return undefined;
  return { type: 'placementStart', minHoursPerWeek: filter.minHoursPerWeek, ...(filter.kinds ? { kinds: filter.kinds } : {}) };
}

export const placementStartTrigger: TriggerType<PlacementStartTrigger> = {
  type: 'placementStart',
  validate,
  reads: ['placements', 'payrollEvidence'],
  evaluate,
  // A start happens or not: one stage, "not yet placed".
  staged: false,
  progress: () => NO_PROGRESS,
};
