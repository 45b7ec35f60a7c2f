import { addDays, type CivilDate } from '../time/civil-date.js';
import { evidenceGraceWeeksOf, type ContractDefinition, type TerminationTerms } from './contract-definition.js';

/** The dates an outcome may be achieved on: [start, end], both inclusive. */
export interface ContractWindow {
  start: CivilDate;
  end: CivilDate;
  /** After a termination: an enrolment dated after this day achieves nothing. */
  enrolmentDeadline?: CivilDate;
}

export interface EffectiveTermination {
  effectiveOn: CivilDate;
  terms: TerminationTerms;
}

/**
 * The contract period, or after a termination with effective date T: T + tailWeeks*7 days for
 * `tailPeriod` (participants keep earning through the tail, even past the original end), T for
 * `expectedValue`.
 */
export function contractWindow(definition: ContractDefinition, termination?: EffectiveTermination | null): ContractWindow {
  if (termination == null) return { start: definition.period.start, end: definition.period.end };
  const t = termination.effectiveOn;
  const end = termination.terms.method === 'tailPeriod' ? addDays(t, termination.terms.tailWeeks * 7) : t;
  return { start: definition.period.start, end, enrolmentDeadline: t };
}

/** The last day facts may still be recorded after a termination: window end + evidenceGraceWeeks. */
export function evidenceGraceEnd(definition: ContractDefinition, termination: EffectiveTermination): CivilDate {
  return addDays(contractWindow(definition, termination).end, evidenceGraceWeeksOf(termination.terms) * 7);
}
