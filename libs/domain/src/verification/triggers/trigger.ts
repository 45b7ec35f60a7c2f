import type { FieldChecks } from '../../shared/field-checks.js';
import type { FactKind, ParticipantFacts } from '../participant-facts.js';

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
 * A participant's progress towards the occurrences of one outcome (docs/rules.md §7), in days, as a
 * settlement needs it: for the stage of a future occurrence and for estimating rates by stage.
 */
export interface TriggerProgress {
  /** Progress on `day` (at most the subject's lastDay) towards the next occurrence not achieved by then. */
  on(day: number): number;
  /**
   * The first day, on or before the subject's lastDay, on which the progress towards occurrence
   * `occurrence` (1 to the subject's limit) reached `days` (> 0); undefined when it did not.
   */
  firstReached(occurrence: number, days: number): number | undefined;
}

/** The progress of a trigger with a single stage: none. */
export const NO_PROGRESS: TriggerProgress = { on: () => 0, firstReached: () => undefined };

/**
 * A kind of outcome trigger. Adding a trigger is adding one of these to the registry (and its
 * definition type to the TriggerDefinition union): validation, evaluation and progress come along with it.
 */
export interface TriggerType<T extends { type: string }> {
  readonly type: T['type'];
  /** Reads and checks a trigger object (whose `type` is this one); records problems on `checks`. */
  validate(input: Record<string, unknown>, path: string, checks: FieldChecks): T | undefined;
  /** The facts `evaluate` reads (besides the subject's bounds): its result is reused while they are unchanged. */
  readonly reads: readonly FactKind[];
  evaluate(trigger: T, subject: TriggerSubject): TriggerOccurrence[];
  /** False for a trigger without progress: it has one stage (0), and a settlement rates only that one. */
  readonly staged: boolean;
  /** The subject's progress, consistent with `evaluate` on the same subject (whose occurrences reset it). */
  progress(trigger: T, subject: TriggerSubject): TriggerProgress;
}
