import type { ContractWindow } from '../contract/contract-window.js';
import { compareDates, toEpochDay } from '../time/civil-date.js';
import type { ParticipantFacts } from './participant-facts.js';
import type { TriggerSubject } from './triggers/trigger.js';

/**
 * What a participant's triggers are evaluated against (docs/rules.md §5): the enrolment interval
 * [enrolledOn, withdrawnOn) and the last day of the contract window. Undefined when nothing can be
 * achieved: never enrolled, enrolled after a termination's effective date, or an empty interval.
 */
export function triggerSubject(facts: ParticipantFacts, window: ContractWindow, limit: number): TriggerSubject | undefined {
  if (facts.enrolledOn === undefined) return undefined;
  if (window.enrolmentDeadline !== undefined && compareDates(facts.enrolledOn, window.enrolmentDeadline) > 0) return undefined;
  const from = toEpochDay(facts.enrolledOn);
  const until = facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn);
  if (until <= from) return undefined;
  return { facts, from, until, lastDay: toEpochDay(window.end), limit };
}
