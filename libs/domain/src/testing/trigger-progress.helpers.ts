import { fromEpochDay, toEpochDay } from '../time/civil-date.js';
import type { ParticipantFacts } from '../verification/participant-facts.js';
import type { TriggerProgress } from '../verification/triggers/trigger.js';
import { triggerTypeOf, type TriggerDefinition } from '../verification/triggers/trigger.registry.js';

/** A trigger's progress for a participant's enrolment interval, with dates in and out as civil dates. */
export function progressOf(
  trigger: TriggerDefinition,
  facts: ParticipantFacts,
  options: { limit?: number; lastDay?: string } = {},
): { on(date: string): number; firstReached(occurrence: number, days: number): string | undefined; raw: TriggerProgress } {
  const raw = triggerTypeOf(trigger.type).progress(trigger, {
    facts,
    from: toEpochDay(facts.enrolledOn!),
    until: facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn),
    lastDay: toEpochDay(options.lastDay ?? '2025-12-31'),
    limit: options.limit ?? 5,
  });
  return {
    on: (date) => raw.on(toEpochDay(date)),
    firstReached: (occurrence, days) => {
      const day = raw.firstReached(occurrence, days);
      return day === undefined ? undefined : fromEpochDay(day);
    },
    raw,
  };
}
