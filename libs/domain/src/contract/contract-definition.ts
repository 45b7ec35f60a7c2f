import type { CivilDate } from '../time/civil-date.js';
import type { TriggerDefinition } from '../verification/triggers/trigger.registry.js';

export interface ContractParties {
  commissioner: string;
  investor: string;
  provider: string;
}

export interface ContractPeriod {
  start: CivilDate;
  end: CivilDate;
}

export interface OutcomeDefinition {
  code: string;
  trigger: TriggerDefinition;
  /** Minor units (øre for DKK). */
  price: number;
  maxPerParticipant: number;
}

/**
 * Each cap is optional: a contract may cap the total, each participant, both or neither. An absent
 * cap sets no limit. A validated definition always has `caps` (`{}` when the input had none).
 */
export interface ContractCaps {
  perParticipant?: number;
  total?: number;
}

/** `{ OUTCOME_CODE: { stageDay: "p/q" } }`, e.g. `{ JOB_13W: { "0": "1/4", "30": "1/2" } }`. */
export type RatesTable = Record<string, Record<string, string>>;

export const DEFAULT_EVIDENCE_GRACE_WEEKS = 9;

/**
 * Rates from the contract's own history (docs/rules.md §7): `estimated`, achieved over counted
 * units; `kaplanMeier`, the product-limit estimate, which also weighs the units not yet followed
 * for a whole horizon.
 */
export type RateEstimator = 'estimated' | 'kaplanMeier';
export const RATE_ESTIMATORS: readonly RateEstimator[] = ['estimated', 'kaplanMeier'];

/**
 * The longest duration a contract's terms may name (docs/rules.md §8): `tailWeeks`,
 * `evidenceGraceWeeks` and `horizonWeeks` at most 520 weeks (10 years), a `stageDays` bound at most
 * as many days. Longer than any outcome contract runs after its end, and with PERIOD_RANGE it keeps
 * every date the rules derive (a termination's tail plus its grace) inside 4-digit years.
 */
export const MAX_TERM_WEEKS = 520;
export const MAX_STAGE_DAYS = MAX_TERM_WEEKS * 7;

/**
 * The calendar range a contract period must lie in (§8). Social impact bonds began in 2010: the range
 * leaves a century before for back-dated and test contracts, and after the latest end (2999-12-31) a
 * tail plus a grace of MAX_TERM_WEEKS each still ends in 3019, far inside years 0001-9999.
 */
export const PERIOD_RANGE = { earliest: '1900-01-01', latest: '2999-12-31' } as const;

export interface ExpectedValueTermination {
  method: 'expectedValue';
  horizonWeeks: number;
  rates: RateEstimator | RatesTable;
  minSample: number;
  fallbackRate: string;
  stageDays: number[];
  evidenceGraceWeeks?: number;
}

export interface TailPeriodTermination {
  method: 'tailPeriod';
  tailWeeks: number;
  evidenceGraceWeeks?: number;
}

export type TerminationTerms = ExpectedValueTermination | TailPeriodTermination;
export type TerminationMethod = TerminationTerms['method'];
export const TERMINATION_METHODS: readonly TerminationMethod[] = ['expectedValue', 'tailPeriod'];

export interface ContractDefinition {
  contractId: string;
  title: string;
  currency: string;
  parties: ContractParties;
  period: ContractPeriod;
  targetParticipants: number;
  outcomes: OutcomeDefinition[];
  caps: ContractCaps;
  termination: TerminationTerms;
}

export function evidenceGraceWeeksOf(terms: TerminationTerms): number {
  return terms.evidenceGraceWeeks ?? DEFAULT_EVIDENCE_GRACE_WEEKS;
}
