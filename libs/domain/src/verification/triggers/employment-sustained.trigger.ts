import { join, type FieldChecks } from '../../shared/field-checks.js';
import type { PlacementKind } from '../participant-facts.js';
import { evidencedEmployment } from './employment-days.js';
import { validatePlacementFilter } from './qualifying-placement.js';
import { countedProgress } from './counted-progress.js';
import type { TriggerOccurrence, TriggerProgress, TriggerSubject, TriggerType } from './trigger.js';

export interface EmploymentSustainedTrigger {
  type: 'employmentSustained';
  weeks: number;
  minHoursPerWeek: number;
  continuous: boolean;
  kinds?: PlacementKind[];
}

/**
 * §5 rule 2. Not continuous: occurrence k on the day the count of evidenced employment days
 * reaches k*weeks*7. Continuous: each run of consecutive days yields an occurrence at its
 * weeks*7-th, 2*weeks*7-th... day; a one-day gap starts a new run.
 */
function evaluate(trigger: EmploymentSustainedTrigger, subject: TriggerSubject): TriggerOccurrence[] {
  const { segments, runs } = evidencedEmployment(subject.facts, trigger, subject.from, subject.until);
  const need = trigger.weeks * 7;
  const out: TriggerOccurrence[] = [];

  if (!trigger.continuous) {
    // The days counted up to day d come from exactly the segments starting on or before d.
    const positions = new Set<number>();
    let nextSegment = 0;
    let before = 0;
    let target = need;
    for (const run of runs) {
      const length = run.to - run.from + 1;
      while (target <= before + length) {
        const day = run.from + (target - before - 1);
        if (day > subject.lastDay || out.length >= subject.limit) return out;
        while (nextSegment < segments.length && segments[nextSegment].from <= day) {
          for (const p of segments[nextSegment].positions) positions.add(p);
          nextSegment++;
        }
        out.push({ achievedOn: day, provenance: [...positions] });
        target += need;
      }
      before += length;
    }
    return out;
  }

  for (const run of runs) {
    for (let day = run.from + need - 1; day <= run.to; day += need) {
      if (day > subject.lastDay || out.length >= subject.limit) return out;
      const positions = new Set<number>();
      for (let i = run.first; i < run.end && segments[i].from <= day; i++) {
        for (const p of segments[i].positions) positions.add(p);
      }
      out.push({ achievedOn: day, provenance: [...positions] });
    }
  }
  return out;
}

/**
 * Evidenced employment days, counted like `evaluate` counts them. Not continuous: the days up to d
 * less weeks*7 per occurrence achieved by d. Continuous: the length up to d of the run that
 * includes d, less weeks*7 per occurrence achieved in it; 0 when no run includes d.
 */
function progress(trigger: EmploymentSustainedTrigger, subject: TriggerSubject): TriggerProgress {
  const { runs } = evidencedEmployment(subject.facts, trigger, subject.from, subject.until);
  return countedProgress({
    runs: runs.map((run) => ({ first: run.from, length: run.to - run.from + 1 })),
    step: 1,
    unitDays: 1,
    need: trigger.weeks * 7,
    resetsAtGap: trigger.continuous,
    limit: subject.limit,
    lastDay: subject.lastDay,
  });
}

function validate(input: Record<string, unknown>, path: string, checks: FieldChecks): EmploymentSustainedTrigger | undefined {
  checks.onlyKnownKeys(input, ['type', 'weeks', 'minHoursPerWeek', 'continuous', 'kinds'], path);
  const weeks = checks.integer(input.weeks, join(path, 'weeks'), 1);
  const continuous = checks.boolean(input.continuous, join(path, 'continuous'));
  const filter = validatePlacementFilter(input, path, checks);
  if (weeks === undefined || continuous === undefined || filter === undefined) return undefined;
  return { type: 'employmentSustained', weeks, minHoursPerWeek: filter.minHoursPerWeek, continuous, ...(filter.kinds ? { kinds: filter.kinds } : {}) };
}

export const employmentSustainedTrigger: TriggerType<EmploymentSustainedTrigger> = {
  type: 'employmentSustained',
  validate,
  reads: ['placements', 'payrollEvidence'],
  evaluate,
  staged: true,
  progress,
};
