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
/** `terms` are the termination terms in force: the contract's own, or the agreed override. */
export type ContractTerminated = Event<'ContractTerminated', {
  effectiveOn: CivilDate;
  reason: string;
  method: TerminationMethod;
  terms: TerminationTerms;
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
  | EvidenceExported;

export type ContractEventType = ContractEvent['type'];

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

export function paymentIdentity(contractId: string, participantId: string, outcomeCode: string, occurrence: number, revision: number): string {
  return `${contractId}:${participantId}:${outcomeCode}:${occurrence}:${revision}`;
}
