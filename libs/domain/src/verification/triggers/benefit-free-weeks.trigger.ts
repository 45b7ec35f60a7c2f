import { join, type FieldChecks } from '../../shared/field-checks.js';
import { isoWeekMondayEpochDay } from '../../time/iso-week.js';
import { countedProgress, type UnitRun } from './counted-progress.js';
import type { TriggerOccurrence, TriggerProgress, TriggerSubject, TriggerType } from './trigger.js';

export interface BenefitFreeWeeksTrigger {
  type: 'benefitFreeWeeks';
  weeks: number;
  consecutive: boolean;
}

/**
 * §5 rule 3. A week counts when its current record says no benefit was paid, its Monday is on or
 * after the enrolment and its Sunday before the withdrawal. Unrecorded weeks do not count and,
 * like paid weeks, break a consecutive streak. Occurrences are achieved on the week's Sunday.
 */
function evaluate(trigger: BenefitFreeWeeksTrigger, subject: TriggerSubject): TriggerOccurrence[] {
  const counted = countingWeeks(subject);

  const out: TriggerOccurrence[] = [];
  let streakStart = 0;
  for (let i = 0; i < counted.length; i++) {
    if (trigger.consecutive && i > 0 && counted[i].monday !== counted[i - 1].monday + 7) streakStart = i;
    const first = trigger.consecutive ? streakStart : 0;
    if ((i - first + 1) % trigger.weeks !== 0) continue;
    const sunday = counted[i].monday + 6;
    if (sunday > subject.lastDay || out.length >= subject.limit) break;
    const provenance: number[] = [];
    for (let j = first; j <= i; j++) provenance.push(counted[j].position);
    out.push({ achievedOn: sunday, provenance });
  }
  return out;
}

/** The weeks that count, by Monday: not paid, Monday on or after the enrolment, Sunday before the withdrawal. */
function countingWeeks(subject: TriggerSubject): { monday: number; position: number }[] {
  const counted: { monday: number; position: number }[] = [];
  for (const record of subject.facts.benefitWeeks.values()) {
    if (record.benefitPaid) continue;
    const monday = isoWeekMondayEpochDay(record.week);
    if (monday >= subject.from && monday + 6 < subject.until) counted.push({ monday, position: record.position });
  }
  return counted.sort((a, b) => a.monday - b.monday);
}

/**
 * Weeks that count, complete on their Sundays, 7 days each. Not consecutive: the weeks whose Sunday
 * is on or before d, less `weeks` per occurrence achieved by d. Consecutive: the streak ending with
 * the last calendar week whose Sunday is on or before d, less its occurrences; 0 when that week
 * does not count (unrecorded is not benefit-free).
 */
function progress(trigger: BenefitFreeWeeksTrigger, subject: TriggerSubject): TriggerProgress {
  const runs: UnitRun[] = [];
  for (const { monday } of countingWeeks(subject)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && monday + 6 === last.first + 7 * last.length) last.length++;
    else runs.push({ first: monday + 6, length: 1 });
  }
  return countedProgress({
    runs,
    step: 7,
    unitDays: 7,
    need: trigger.weeks,
    resetsAtGap: trigger.consecutive,
    limit: subject.limit,
    lastDay: subject.lastDay,
  });
}

function validate(input: Record<string, unknown>, path: string, checks: FieldChecks): BenefitFreeWeeksTrigger | undefined {
  checks.onlyKnownKeys(input, ['type', 'weeks', 'consecutive'], path);
  const weeks = checks.integer(input.weeks, join(path, 'weeks'), 1);
  const consecutive = checks.boolean(input.consecutive, join(path, 'consecutive'));
  if (weeks === undefined || consecutive === undefined) return undefined;
  return { type: 'benefitFreeWeeks', weeks, consecutive };
}

export const benefitFreeWeeksTrigger: TriggerType<BenefitFreeWeeksTrigger> = {
  type: 'benefitFreeWeeks',
  validate,
  reads: ['benefitWeeks'],
  evaluate,
  staged: true,
  progress,
};
