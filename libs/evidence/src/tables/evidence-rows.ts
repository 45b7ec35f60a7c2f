import type { CapReason, CivilDate, IsoWeek, PlacementKind } from '#domain';

// The rows of an evidence package's tables. Inside the service `participant` is the in-service
// pseudonym and `employer` the employer reference; a package replaces both by export pseudonyms.
// Figures are computed from these rows only, so they can be recomputed from the package's CSVs.

/** The contract and the dates that bound what the tables can show. One row. */
export interface ContractRow {
  contract: string;
  title: string;
  currency: string;
  periodStart: CivilDate;
  periodEnd: CivilDate;
  /** The last day outcomes may be achieved on: the period's end, or what a termination left of it. */
  windowEnd: CivilDate;
  /**
   * Follow-up ends here: the latest business date any recorded fact speaks of, but not after the
   * as-of date or the window's end.
   */
  observedUntil: CivilDate;
  perParticipantCap: number | null;
  totalCap: number | null;
  /** Which placements count as employment (spells, employment relationships): the contract's own rule. */
  employmentMinHoursPerWeek: number;
  /** Comma-separated kinds; null: every kind. */
  employmentKinds: string | null;
}

export interface OutcomeRow {
  outcome: string;
  /** 1-based order in the definition. */
  position: number;
  trigger: string;
  weeks: number | null;
  minHoursPerWeek: number | null;
  kinds: string | null;
  /** `continuous` of employmentSustained, `consecutive` of benefitFreeWeeks. */
  unbroken: boolean | null;
  price: number;
  maxPerParticipant: number;
  /** The outcome whose first occurrence is a lasting attachment. */
  lastingAttachment: boolean;
}

export interface ParticipantRow {
  participant: string;
  /** The month of the referral, YYYY-MM. */
  referralCohort: string;
  intakeVariant: string | null;
  intakeOutcome: 'accepted' | 'rejected';
  referredOn: CivilDate;
  enrolledOn: CivilDate | null;
  withdrawnOn: CivilDate | null;
  withdrawalReason: string | null;
}

export interface PlacementRow {
  participant: string;
  /** 1-based, in order of start date (then the provider's placement id). */
  placement: number;
  employer: string;
  kind: PlacementKind;
  hoursPerWeek: number;
  startDate: CivilDate;
  endDate: CivilDate | null;
  endReason: string | null;
  /** Meets the contract's employment rule (ContractRow.employmentMinHoursPerWeek and kinds). */
  qualifying: boolean;
  /** Days inside the placement and its own unrevoked payroll evidence, inside the enrolment interval. */
  evidencedDays: number;
}

/** A run of consecutive evidenced employment days (qualifying placements; overlaps count once). */
export interface SpellRow {
  participant: string;
  spell: number;
  startDate: CivilDate;
  /** Null while the spell is open: a placement covering its last day goes on past it. */
  endDate: CivilDate | null;
  /** For an open spell: its last evidenced day, where observation of it stops. */
  censoredOn: CivilDate | null;
  days: number;
}

export interface BenefitWeekRow {
  participant: string;
  week: IsoWeek;
  /** The current record: a later record for the week supersedes the earlier one. */
  benefitPaid: boolean;
  /** How many times the week was recorded again (register corrections). */
  corrections: number;
}

export interface OccurrenceRow {
  participant: string;
  outcome: string;
  occurrence: number;
  revision: number;
  achievedOn: CivilDate;
  price: number;
  amount: number;
  capReason: CapReason | null;
  status: 'verified' | 'reversed';
}

export interface PaymentRow {
  participant: string;
  outcome: string;
  occurrence: number;
  revision: number;
  confirmedOn: CivilDate;
  amount: number;
}

/** Every table the figures are computed from (the benefit weeks are not needed for any figure). */
export interface EvidenceTables {
  contract: ContractRow;
  outcomes: OutcomeRow[];
  participants: ParticipantRow[];
  placements: PlacementRow[];
  spells: SpellRow[];
  occurrences: OccurrenceRow[];
  payments: PaymentRow[];
}
