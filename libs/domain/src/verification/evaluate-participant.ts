import type { ContractDefinition } from '../contract/contract-definition.js';
import type { ContractWindow } from '../contract/contract-window.js';
import { sortedUnique } from '../shared/sorted-unique.js';
import { fromEpochDay, toEpochDay } from '../time/civil-date.js';
import type { Achievement } from './achievement.js';
import type { ParticipantFacts } from './participant-facts.js';
import { triggerTypeOf } from './triggers/trigger.registry.js';

/**
 * Every outcome occurrence the participant has achieved under §5, in definition order and then
 * occurrence order: at most maxPerParticipant per outcome, and only those achieved inside the
 * enrolment interval [enrolledOn, withdrawnOn) and inside the contract window. A participant never
 * enrolled, or enrolled after a termination's effective date, achieves nothing.
 */
export function evaluateParticipant(
  definition: ContractDefinition,
  facts: ParticipantFacts,
  window: ContractWindow,
): Achievement[] {
  if (facts.enrolledOn === undefined) return [];
  if (window.enrolmentDeadline !== undefined && facts.enrolledOn > window.enrolmentDeadline) return [];
  const from = toEpochDay(facts.enrolledOn);
  const until = facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn);
  const windowStart = toEpochDay(window.start);
  const lastDay = toEpochDay(window.end);
  const enrolment = facts.enrolledAt === undefined ? [] : [facts.enrolledAt];

  const achievements: Achievement[] = [];
  if (until <= from) return achievements;
  for (const outcome of definition.outcomes) {
    const occurrences = triggerTypeOf(outcome.trigger.type).evaluate(outcome.trigger, {
      facts,
      from,
      until,
      lastDay,
      limit: outcome.maxPerParticipant,
    });
    occurrences.forEach((occurrence, i) => {
      const k = i + 1;
      if (k > outcome.maxPerParticipant || occurrence.achievedOn > lastDay || occurrence.achievedOn < windowStart) return;
      achievements.push({
        outcomeCode: outcome.code,
        occurrence: k,
        achievedOn: fromEpochDay(occurrence.achievedOn),
        provenance: sortedUnique([...enrolment, ...occurrence.provenance]),
      });
    });
  }
  return achievements;
}
