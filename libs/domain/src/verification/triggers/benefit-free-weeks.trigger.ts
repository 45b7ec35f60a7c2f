import { join, type FieldChecks } from '../../shared/field-checks.js';
import { isoWeekMondayEpochDay } from '../../time/iso-week.js';
import type { TriggerOccurrence, TriggerSubject, TriggerType } from './trigger.js';

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
  const counted: { monday: number; position: number }[] = [];
  for (const record of subject.facts.benefitWeeks.values()) {
    if (record.benefitPaid) continue;
    const monday = isoWeekMondayEpochDay(record.week);
    if (monday >= subject.from && monday + 6 < subject.until) counted.push({ monday, position: record.position });
  }
  counted.sort((a, b) => a.monday - b.monday);

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
  evaluate,
};
