import type { CivilDate } from '../time/civil-date.js';
import type { IsoWeek } from '../time/iso-week.js';
import type { ContractDefinition, TerminationMethod, TerminationTerms } from '../contract/contract-definition.js';
import type { PlacementKind } from '../verification/participant-facts.js';
import type { SettlementParty, TerminationMethodAgreement } from './contract.events.js';
import type { EvidenceExportData } from './evidence-export.js';

/**
 * Commands ask for a fact to be recorded. Their data comes from outside and is checked by
 * `decide` (shapes, dates, weeks), so the fields are typed as intended but not trusted.
 */
interface Command<TType extends string, TData> {
  type: TType;
  data: TData;
}

export type RegisterContract = Command<'RegisterContract', { definition: ContractDefinition | unknown }>;
export type ActivateContract = Command<'ActivateContract', { activatedOn: CivilDate }>;
export type AmendContract = Command<'AmendContract', { definition: ContractDefinition | unknown; reason: string }>;
/**
 * `method` overrides the contract's method: by name (the contract's own terms when they match) or as
 * full terms. Terms other than the contract's need `agreement`: both parties agreed them.
 */
export type TerminateContract = Command<'TerminateContract', {
  effectiveOn: CivilDate;
  reason: string;
  method?: TerminationMethod | TerminationTerms;
  agreement?: TerminationMethodAgreement;
}>;
export type ReferParticipant = Command<'ReferParticipant', {
  participantId: string;
  referredOn: CivilDate;
  intakeVariant?: string;
  intakeOutcome: 'accepted' | 'rejected';
}>;
export type EnrolParticipant = Command<'EnrolParticipant', { participantId: string; enrolledOn: CivilDate }>;
export type WithdrawParticipant = Command<'WithdrawParticipant', { participantId: string; withdrawnOn: CivilDate; reason: string }>;
export type StartPlacement = Command<'StartPlacement', {
  participantId: string;
  placementId: string;
  employerRef: string;
  kind: PlacementKind;
  hoursPerWeek: number;
  startDate: CivilDate;
}>;
export type EndPlacement = Command<'EndPlacement', { participantId: string; placementId: string; endDate: CivilDate; reason: string }>;
/** `endDate: null` re-opens a placement whose end was recorded in error. */
export type CorrectPlacement = Command<'CorrectPlacement', {
  participantId: string;
  placementId: string;
  startDate?: CivilDate;
  endDate?: CivilDate | null;
  hoursPerWeek?: number;
  kind?: PlacementKind;
  reason: string;
}>;
export type RecordPayrollEvidence = Command<'RecordPayrollEvidence', {
  participantId: string;
  placementId: string;
  evidenceId: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  source: string;
  documentSha256: string;
}>;
export type RevokePayrollEvidence = Command<'RevokePayrollEvidence', { participantId: string; evidenceId: string; reason: string }>;
export type RecordBenefitWeek = Command<'RecordBenefitWeek', { participantId: string; week: IsoWeek; benefitPaid: boolean; source: string }>;
/** An outcome's payment, or an agreed settlement's (then SettlementPaid is recorded). */
export type ConfirmPayment = Command<'ConfirmPayment', { paymentId: string; reference: string; confirmedOn: CivilDate }>;
/** `party` is the caller's role, set by the service (never taken from a request body). */
export type ProposeSettlement = Command<'ProposeSettlement', { party: SettlementParty }>;
export type AgreeSettlement = Command<'AgreeSettlement', { proposalId: number; party: SettlementParty }>;
/** An evidence package was handed to an evaluator (see evidence-export.ts). */
export type RecordEvidenceExport = Command<'RecordEvidenceExport', EvidenceExportData>;

export type ContractCommand =
  | RegisterContract
  | ActivateContract
  | AmendContract
  | TerminateContract
  | ReferParticipant
  | EnrolParticipant
  | WithdrawParticipant
  | StartPlacement
  | EndPlacement
  | CorrectPlacement
  | RecordPayrollEvidence
  | RevokePayrollEvidence
  | RecordBenefitWeek
  | ConfirmPayment
  | ProposeSettlement
  | AgreeSettlement
  | RecordEvidenceExport;

export type ContractCommandType = ContractCommand['type'];

/** The data of the command of type K. */
export type CommandData<K extends ContractCommandType> = Extract<ContractCommand, { type: K }>['data'];
