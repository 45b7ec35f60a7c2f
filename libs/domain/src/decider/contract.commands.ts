import type { CivilDate } from '../time/civil-date.js';
import type { IsoWeek } from '../time/iso-week.js';
import type { ContractDefinition, TerminationMethod, TerminationTerms } from '../contract/contract-definition.js';
import type { PlacementKind } from '../verification/participant-facts.js';
import type { SettlementParty } from './contract.events.js';
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
 * Terminates on the contract's own terms (`method`, when given, must name or spell them out). Other
 * terms need both parties: ProposeTermination, then the other party's AcceptTermination.
 */
export type TerminateContract = Command<
  'TerminateContract',
  {
    effectiveOn: CivilDate;
    reason: string;
    method?: TerminationMethod | TerminationTerms;
  }
>;

/**
 * Who speaks, set by the service from the caller's principal (never from a request body): its role
 * in the contract, and the party id its token speaks for (null: a role-wide token, no party).
 */
export interface Speaker {
  party: SettlementParty;
  partyId: string | null;
}

/** A termination on the terms given (a method by name, or full terms), to take effect when the other party accepts it. */
export type ProposeTermination = Command<
  'ProposeTermination',
  {
    effectiveOn: CivilDate;
    reason: string;
    method: TerminationMethod | TerminationTerms;
  } & Speaker
>;
export type AcceptTermination = Command<'AcceptTermination', { proposalId: number } & Speaker>;
export type WithdrawTerminationProposal = Command<'WithdrawTerminationProposal', { proposalId: number } & Speaker>;
export type ReferParticipant = Command<
  'ReferParticipant',
  {
    participantId: string;
    referredOn: CivilDate;
    intakeVariant?: string;
    intakeOutcome: 'accepted' | 'rejected';
  }
>;
export type EnrolParticipant = Command<'EnrolParticipant', { participantId: string; enrolledOn: CivilDate }>;
export type WithdrawParticipant = Command<'WithdrawParticipant', { participantId: string; withdrawnOn: CivilDate; reason: string }>;
export type StartPlacement = Command<
  'StartPlacement',
  {
    participantId: string;
    placementId: string;
    employerRef: string;
    kind: PlacementKind;
    hoursPerWeek: number;
    startDate: CivilDate;
  }
>;
export type EndPlacement = Command<'EndPlacement', { participantId: string; placementId: string; endDate: CivilDate; reason: string }>;
/** `endDate: null` re-opens a placement whose end was recorded in error. */
export type CorrectPlacement = Command<
  'CorrectPlacement',
  {
    participantId: string;
    placementId: string;
    startDate?: CivilDate;
    endDate?: CivilDate | null;
    hoursPerWeek?: number;
    kind?: PlacementKind;
    reason: string;
  }
>;
export type RecordPayrollEvidence = Command<
  'RecordPayrollEvidence',
  {
    participantId: string;
    placementId: string;
    evidenceId: string;
    periodFrom: CivilDate;
    periodTo: CivilDate;
    source: string;
    documentSha256: string;
  }
>;
export type RevokePayrollEvidence = Command<'RevokePayrollEvidence', { participantId: string; evidenceId: string; reason: string }>;
export type RecordBenefitWeek = Command<'RecordBenefitWeek', { participantId: string; week: IsoWeek; benefitPaid: boolean; source: string }>;
/** The money of a payment identity was paid: an outcome's, an agreed settlement's or an adjustment's (then SettlementPaid). */
export type ConfirmPayment = Command<'ConfirmPayment', { paymentId: string; reference: string; confirmedOn: CivilDate }>;
/** The money of a payment identity to recover came back: a reversed outcome payment's, or a negative settlement's or adjustment's. */
export type ConfirmRecovery = Command<'ConfirmRecovery', { paymentId: string; reference: string; recoveredOn: CivilDate }>;
export type ProposeSettlement = Command<'ProposeSettlement', Speaker>;
/** The other party accepts the proposal (the proposer accepted it by making it). */
export type AgreeSettlement = Command<'AgreeSettlement', { proposalId: number } & Speaker>;
export type WithdrawSettlementProposal = Command<'WithdrawSettlementProposal', { proposalId: number } & Speaker>;
/** An evidence package was handed to an evaluator (checked in handlers/evidence.handlers.ts). */
export type RecordEvidenceExport = Command<'RecordEvidenceExport', EvidenceExportData>;

export type ContractCommand =
  | RegisterContract
  | ActivateContract
  | AmendContract
  | TerminateContract
  | ProposeTermination
  | AcceptTermination
  | WithdrawTerminationProposal
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
  | ConfirmRecovery
  | ProposeSettlement
  | AgreeSettlement
  | WithdrawSettlementProposal
  | RecordEvidenceExport;

export type ContractCommandType = ContractCommand['type'];

/** The data of the command of type K. */
export type CommandData<K extends ContractCommandType> = Extract<ContractCommand, { type: K }>['data'];
