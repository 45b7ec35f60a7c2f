import type { ContractDefinition, OutcomeDefinition } from '../contract/contract-definition.js';
import type { ContractWindow } from '../contract/contract-window.js';
import { sortedUnique } from '../shared/sorted-unique.js';
import { fromEpochDay, toEpochDay } from '../time/civil-date.js';
import type { Achievement } from './achievement.js';
import type { ParticipantFacts } from './participant-facts.js';
import { rememberedEvaluation } from './remembered-evaluation.js';
import { triggerSubject } from './trigger-subject.js';
import type { TriggerOccurrence } from './triggers/trigger.js';
import { triggerTypeOf } from './triggers/trigger.registry.js';

/**
 * Every outcome occurrence the participant has achieved under §5, in definition order and then
 * occurrence order: at most maxPerParticipant per outcome, and only those achieved inside the
 * enrolment interval [enrolledOn, withdrawnOn) and inside the contract window. A participant never
 * enrolled, or enrolled after a termination's effective date, achieves nothing.
 */
export function evaluateParticipant(definition: ContractDefinition, facts: ParticipantFacts, window: ContractWindow): Achievement[] {
  const enrolment = facts.enrolledAt === undefined ? [] : [facts.enrolledAt];
  const achievements: Achievement[] = [];
  forEachAchieved(definition, facts, window, (outcome, k, occurrence) => {
    achievements.push({
      outcomeCode: outcome.code,
      occurrence: k,
      achievedOn: fromEpochDay(occurrence.achievedOn),
      provenance: sortedUnique([...enrolment, ...occurrence.provenance]),
    });
  });
  return achievements;
}

/**
 * The occurrences evaluateParticipant gives, as the triggers gave them (days, provenance unsorted),
 * each with its outcome and its number k: for a reader that needs no more than the days (the
 * settlement's outlooks), without building an Achievement each.
 */
export function forEachAchieved(
  definition: ContractDefinition,
  facts: ParticipantFacts,
  window: ContractWindow,
  visit: (outcome: OutcomeDefinition, k: number, occurrence: TriggerOccurrence, outcomeIndex: number) => void,
): void {
  const windowStart = toEpochDay(window.start);
  definition.outcomes.forEach((outcome, outcomeIndex) => {
    const subject = triggerSubject(facts, window, outcome.maxPerParticipant);
    if (subject === undefined) return;
    const occurrences = rememberedEvaluation(triggerTypeOf(outcome.trigger.type), outcome.trigger, subject);
    const lastDay = subject.lastDay;
    occurrences.forEach((occurrence, i) => {
      const k = i + 1;
      if (k > outcome.maxPerParticipant || occurrence.achievedOn > lastDay || occurrence.achievedOn < windowStart) return;
      visit(outcome, k, occurrence, outcomeIndex);
    });
  });
}
