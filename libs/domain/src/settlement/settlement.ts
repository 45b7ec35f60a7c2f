import type { TerminationMethod } from '../contract/contract-definition.js';
import type { CapReason } from '../decider/contract.events.js';
import type { MinorUnits } from '../money/money.js';
import type { CivilDate } from '../time/civil-date.js';

export type SettlementStatus = 'provisional' | 'final';

/** Where a rate comes from: the contract's history, the contract's agreed table, or its fallback. */
export type RateSource = 'estimated' | 'agreed' | 'fallback';

/**
 * How the sample units of a `kaplanMeier` rate fared by the horizon H, for information only (the
 * rate does not depend on the interval).
 */
export interface SurvivalTable {
  units: number;
  /** Units whose occurrence was achieved within H days of reaching the stage. */
  events: number;
  /** Units without their occurrence by T and followed fewer than H days (T − r < H). */
  censored: number;
  /**
   * The 95 % confidence interval of the rate 1 − S (Greenwood's variance, log-log scale), rounded to
   * 4 decimals; null where it is undefined: S = 0 or S = 1.
   */
  interval95: { lower: number; upper: number } | null;
}

/** The rate of one outcome at one stage (docs/rules.md §7 "Rates"). */
export interface SettlementRate {
  outcomeCode: string;
  /** The stage's lower bound in days of progress (a value of stageDays), the key of an agreed table. */
  stage: number;
  /**
   * "p/q" unreduced: achieved over counted sample units (`estimated`), 1 − S in ten-thousandths
   * `p/10000` (`kaplanMeier`), or the agreed or fallback fraction as written.
   */
  rate: string;
  /** Counted sample units (`kaplanMeier`: all sample units); null for an agreed table (and for its fallback). */
  sampleSize: number | null;
  source: RateSource;
  /** Rates `kaplanMeier` only, estimate or fallback. */
  survival?: SurvivalTable;
}

/** One future occurrence of a participant active at T, valued at price * rate and cut to the caps. */
export interface SettlementLine {
  participantId: string;
  outcomeCode: string;
  /** The next occurrence: one more than those achieved by T. */
  occurrence: number;
  stage: number;
  /** Days of progress on T towards that occurrence. */
  progress: number;
  rate: string;
  sampleSize: number | null;
  amount: MinorUnits;
  /** The cap that reduced the amount; the participant cap is named when both did. */
  cutBy: CapReason | null;
}

/**
 * The settlement of a terminated contract (docs/rules.md §7), as the endpoint shows it. Amounts are
 * minor units; `due` = achieved − confirmed + future, negative when money is to be recovered.
 */
export interface Settlement {
  contractId: string;
  /** T, the termination's effective date. */
  terminatedOn: CivilDate;
  method: TerminationMethod;
  status: SettlementStatus;
  /** The stream version of the state it was computed from. */
  computedAtVersion: number;
  /** The last day facts are accepted; the settlement is final from the day after. */
  finalOn: CivilDate;
  /** Verified, unreversed occurrences achieved inside the window. */
  achieved: MinorUnits;
  /** Confirmed payments, reversed ones included. */
  confirmed: MinorUnits;
  /** The sum of the lines. */
  future: MinorUnits;
  due: MinorUnits;
  /** expectedValue: every outcome (definition order) at every stage (ascending); tailPeriod: none. */
  rates: SettlementRate[];
  /** By participant id, then the outcome's order in the definition; tailPeriod: none. */
  lines: SettlementLine[];
}
