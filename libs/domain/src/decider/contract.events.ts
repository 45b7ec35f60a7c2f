import type { CivilDate } from '../time/civil-date.js';
import type { IsoWeek } from '../time/iso-week.js';
import type { ContractDefinition, TerminationMethod, TerminationTerms } from '../contract/contract-definition.js';
import type { PlacementKind } from '../verification/participant-facts.js';
import type { EvidenceExportData } from './evidence-export.js';

interface Event<TType extends string, TData> {
  type: TType;
  data: TData;
}

export type CapReason = 'participant-cap' | 'contract-cap';

export type ContractRegistered = Event<'ContractRegistered', { contractId: string; definition: ContractDefinition }>;
export type ContractActivated = Event<'ContractActivated', { activatedOn: CivilDate }>;
export type ContractAmended = Event<'ContractAmended', { definition: ContractDefinition; reason: string; termsVersion: number }>;
/** Who agreed a termination's terms other than the contract's own, and where that agreement is written down. */
export interface TerminationMethodAgreement {
  /** The contract's investor party id (the commissioner records the termination). */
  investor: string;
  /** E.g. the signed addendum's reference. */
  reference: string;
}

/**
 * `terms` are the termination terms in force: the contract's own, or the override both parties
 * agreed, in which case `methodAgreement` says so (it may also be given without an override).
 */
export type ContractTerminated = Event<'ContractTerminated', {
  effectiveOn: CivilDate;
  reason: string;
  method: TerminationMethod;
  terms: TerminationTerms;
  methodAgreement?: TerminationMethodAgreement;
}>;
export type ParticipantReferred = Event<'ParticipantReferred', {
  participantId: string;
  referredOn: CivilDate;
  intakeVariant: string | null;
  intakeOutcome: 'accepted' | 'rejected';
}>;
export type ParticipantEnrolled = Event<'ParticipantEnrolled', { participantId: string; enrolledOn: CivilDate }>;
export type ParticipantWithdrawn = Event<'ParticipantWithdrawn', { participantId: string; withdrawnOn: CivilDate; reason: string }>;
export type PlacementStarted = Event<'PlacementStarted', {
  participantId: string;
  placementId: string;
  employerRef: string;
  kind: PlacementKind;
  hoursPerWeek: number;
  startDate: CivilDate;
}>;
export type PlacementEnded = Event<'PlacementEnded', { participantId: string; placementId: string; endDate: CivilDate; reason: string }>;
/** Only the corrected fields are present; `endDate: null` re-opens the placement. */
export type PlacementCorrected = Event<'PlacementCorrected', {
  participantId: string;
  placementId: string;
  startDate?: CivilDate;
  endDate?: CivilDate | null;
  hoursPerWeek?: number;
  kind?: PlacementKind;
  reason: string;
}>;
export type PayrollEvidenceRecorded = Event<'PayrollEvidenceRecorded', {
  participantId: string;
  placementId: string;
  evidenceId: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  source: string;
  documentSha256: string;
}>;
export type PayrollEvidenceRevoked = Event<'PayrollEvidenceRevoked', { participantId: string; evidenceId: string; reason: string }>;
export type BenefitWeekRecorded = Event<'BenefitWeekRecorded', { participantId: string; week: IsoWeek; benefitPaid: boolean; source: string }>;
export type OutcomeVerified = Event<'OutcomeVerified', {
  paymentId: string;
  participantId: string;
  outcomeCode: string;
  occurrence: number;
  revision: number;
  achievedOn: CivilDate;
  price: number;
  amount: number;
  capReason: CapReason | null;
  termsVersion: number;
  provenance: number[];
}>;
/** What names a payment identity (§5 "Exactly once"): contract (in paymentId), participant, outcome, occurrence, revision. */
export type PaymentIdentityFields = Pick<OutcomeVerified['data'], 'paymentId' | 'participantId' | 'outcomeCode' | 'occurrence' | 'revision'>;
export type OutcomeReversed = Event<'OutcomeReversed', PaymentIdentityFields & {
  /** The negative of the verified amount (0 when that was 0). */
  amount: number;
  reason: string;
  provenance: number[];
}>;
export type PaymentConfirmed = Event<'PaymentConfirmed', { paymentId: string; reference: string; confirmedOn: CivilDate; amount: number }>;
/** Recorded after an evidence package was written; the contract's state does not change. */
export type EvidenceExported = Event<'EvidenceExported', EvidenceExportData>;

/** The two parties that agree a settlement (docs/rules.md §7 "Agreeing and paying"). */
export type SettlementParty = 'commissioner' | 'investor';
export const SETTLEMENT_PARTIES: readonly SettlementParty[] = ['commissioner', 'investor'];

/**
 * A settlement proposed as computed when it was recorded: everything needed to compute it again
 * from the log up to `computedAtVersion` and compare (`linesSha256` is settlementDigest).
 * Amounts in minor units.
 */
export type SettlementProposed = Event<'SettlementProposed', {
  /** 1, 2, … in the order proposed. */
  proposalId: number;
  computedAtVersion: number;
  terminatedOn: CivilDate;
  method: TerminationMethod;
  /** The settlement's status when proposed: a provisional one may still change. */
  status: 'provisional' | 'final';
  achieved: number;
  confirmed: number;
  future: number;
  due: number;
  linesSha256: string;
  proposedBy: SettlementParty;
}>;
export type SettlementAccepted = Event<'SettlementAccepted', { proposalId: number; party: SettlementParty }>;
/** Both parties accepted the same current, final proposal: its `due` is a payment with its own identity. */
export type SettlementAgreed = Event<'SettlementAgreed', {
  proposalId: number;
  /** settlementPaymentId(contractId, proposalId). */
  paymentId: string;
  /** The proposal's due: negative when money is to be recovered. */
  amount: number;
  currency: string;
  terminatedOn: CivilDate;
  method: TerminationMethod;
  linesSha256: string;
}>;
export type SettlementPaid = Event<'SettlementPaid', { paymentId: string; reference: string; confirmedOn: CivilDate; amount: number }>;
export type SettlementEvent = SettlementProposed | SettlementAccepted | SettlementAgreed | SettlementPaid;

export type ParticipantFactEvent =
  | ParticipantReferred
  | ParticipantEnrolled
  | ParticipantWithdrawn
  | PlacementStarted
  | PlacementEnded
  | PlacementCorrected
  | PayrollEvidenceRecorded
  | PayrollEvidenceRevoked
  | BenefitWeekRecorded;

export type ContractEvent =
  | ContractRegistered
  | ContractActivated
  | ContractAmended
  | ContractTerminated
  | ParticipantFactEvent
  | OutcomeVerified
  | OutcomeReversed
  | PaymentConfirmed
  | SettlementEvent
  | EvidenceExported;

export type ContractEventType = ContractEvent['type'];

/**
 * The events no command records first: the rules derive them from the fact before them (the
 * outcomes a fact verifies or reverses, the agreement the second party's acceptance completes).
 * Every other event type is the fact of a command in the catalogue.
 */
export const DERIVED_EVENT_TYPES: ReadonlySet<ContractEventType> = new Set<ContractEventType>(['OutcomeVerified', 'OutcomeReversed', 'SettlementAgreed']);

/** An event as read back from the contract's stream. */
export type RecordedContractEvent = ContractEvent & {
  /** 1-based position in the contract stream. */
  streamPosition: number;
  /** UTC instant it was recorded, ISO-8601. */
  recordedAt: string;
};

export const REVERSAL_REASONS = {
  /** A later fact means the occurrence is no longer achieved. */
  noLongerHolds: 'no-longer-holds',
  /** A termination ended the contract window before the occurrence was achieved. */
  afterTermination: 'achieved-after-termination',
} as const;

/**
 * The payment identity of an agreed settlement: `contract:settlement:proposal`. Three parts where an
 * outcome's identity has five (and `settlement` is never a participant's pseudonym), so neither
 * can be read as the other.
 */
export function settlementPaymentId(contractId: string, proposalId: number): string {
  return `${contractId}:settlement:${proposalId}`;
}

/**
 * The longest payment identity a valid contract can give: a 64-character contract id, a
 * pseudonym (34), a 64-character outcome code, two safe integers (16 digits each) and the four
 * colons. It is the longest path segment a valid request carries (other ids stop at 128).
 */
export const MAX_PAYMENT_ID_LENGTH = 64 + 34 + 64 + 16 + 16 + 4;

export function paymentIdentity(contractId: string, participantId: string, outcomeCode: string, occurrence: number, revision: number): string {
  return `${contractId}:${participantId}:${outcomeCode}:${occurrence}:${revision}`;
}
