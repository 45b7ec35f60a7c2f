import type { TriggerProgress } from './trigger.js';

/** A run of consecutive units (evidenced days, benefit-free weeks): its first unit completes on day `first`. */
export interface UnitRun {
  first: number;
  length: number;
}

/**
 * Progress counted in units that come in runs. Unit i (0-based) of a run completes on day
 * `first + i * step` (every unit of a trigger completes on the same weekday grid); each unit is
 * worth `unitDays` days of progress. An occurrence comes every `need` units: counted across runs,
 * or, when `resetsAtGap`, within each run (a gap ends the run and the progress in it). At most
 * `limit` occurrences count, and none after `lastDay`, as in the trigger's evaluation.
 */
export interface UnitCounting {
  /** Sorted and disjoint. */
  runs: readonly UnitRun[];
  step: number;
  unitDays: number;
  need: number;
  resetsAtGap: boolean;
  limit: number;
  lastDay: number;
}

/** Units of `run` completed on or before `day`. */
function unitsBy(run: UnitRun, step: number, day: number): number {
  return day < run.first ? 0 : Math.min(run.length, Math.floor((day - run.first) / step) + 1);
}

/**
 * docs/rules.md §7 "Progress", for a trigger that counts units. On a day d: the units counted by d
 * less `need` for each occurrence achieved by d, in days; when `resetsAtGap`, only the run whose
 * unit completes on the last slot on or before d counts (0 when that slot has no unit), less its
 * own occurrences. Works on runs, never day by day.
 */
export function countedProgress(c: UnitCounting): TriggerProgress {
  const occurrencesUpTo = (units: number, before: number) => Math.min(Math.floor(units / c.need), c.limit - before);

  function on(day: number): number {
    const occurrenceDay = Math.min(day, c.lastDay);
    if (!c.resetsAtGap) {
      let units = 0;
      let unitsForOccurrences = 0;
      for (const run of c.runs) {
        if (run.first > day) break;
        units += unitsBy(run, c.step, day);
        unitsForOccurrences += unitsBy(run, c.step, occurrenceDay);
      }
      return (units - c.need * occurrencesUpTo(unitsForOccurrences, 0)) * c.unitDays;
    }
    let before = 0;
    for (let i = 0; i < c.runs.length; i++) {
      const run = c.runs[i];
      if (run.first > day) return 0;
      const units = unitsBy(run, c.step, day);
      const lastUnit = run.first + (units - 1) * c.step;
      if (i + 1 === c.runs.length || c.runs[i + 1].first > day) {
        if (lastUnit <= day - c.step) return 0; // the last slot by `day` has no unit: the run has ended
        const own = occurrencesUpTo(unitsBy(run, c.step, occurrenceDay), before);
        return (units - c.need * own) * c.unitDays;
      }
      before += occurrencesUpTo(unitsBy(run, c.step, occurrenceDay), before);
    }
    return 0;
  }

  function firstReached(occurrence: number, days: number): number | undefined {
    const units = Math.ceil(days / c.unitDays);
    // Progress towards an occurrence never reaches `need` units: on that unit the occurrence is achieved.
    if (units <= 0 || units >= c.need || occurrence < 1 || occurrence > c.limit) return undefined;
    const dayOf = (run: UnitRun, index: number) => {
      const day = run.first + index * c.step;
      return day <= c.lastDay ? day : undefined;
    };
    if (!c.resetsAtGap) {
      let index = (occurrence - 1) * c.need + units - 1;
      for (const run of c.runs) {
        if (index < run.length) return dayOf(run, index);
        index -= run.length;
      }
      return undefined;
    }
    let before = 0;
    for (const run of c.runs) {
      const inRun = occurrencesUpTo(run.length, before);
      // The progress towards `occurrence` in this run starts after its (occurrence-1-before)-th occurrence.
      const segment = occurrence - 1 - before;
      if (segment <= inRun && segment * c.need + units <= run.length) return dayOf(run, segment * c.need + units - 1);
      before += inRun;
      if (before >= occurrence) return undefined;
    }
    return undefined;
  }

  return { on, firstReached };
}
