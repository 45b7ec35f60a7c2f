import type { FieldChecks } from '../../shared/field-checks.js';
import type { ParticipantFacts } from '../participant-facts.js';

/** The participant and bounds a trigger is evaluated against; days are epoch days. */
export interface TriggerSubject {
  facts: ParticipantFacts;
  /** First day of the enrolment interval (inclusive). */
  from: number;
  /** End of the enrolment interval (exclusive); Infinity while the participant is not withdrawn. */
  until: number;
  /** Occurrences achieved after this day do not matter (the end of the contract window). */
  lastDay: number;
  /** Occurrences beyond this many do not matter (maxPerParticipant). */
  limit: number;
}

/** The k-th element (0-based k-1) is occurrence k; occurrences come in date order. */
export interface TriggerOccurrence {
  achievedOn: number;
  /** Positions of the facts that made it true (without the enrolment, which the caller adds). */
  provenance: number[];
}

/**
 * A kind of outcome trigger. Adding a trigger is adding one of these to the registry (and its
 * definition type to the TriggerDefinition union): validation and evaluation come along with it.
 */
export interface TriggerType<T extends { type: string }> {
  readonly type: T['type'];
  /** Reads and checks a trigger object (whose `type` is this one); records problems on `checks`. */
  validate(input: Record<string, unknown>, path: string, checks: FieldChecks): T | undefined;
  evaluate(trigger: T, subject: TriggerSubject): TriggerOccurrence[];
}
