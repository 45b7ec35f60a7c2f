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
/**
 * The two parties that agree what the definition does not settle alone: a settlement, and a
 * termination on terms other than the contract's (docs/rules.md §7 "Both parties, each for itself").
 */
export type SettlementParty = 'commissioner' | 'investor';
export const SETTLEMENT_PARTIES: readonly SettlementParty[] = ['commissioner', 'investor'];

/** A party of the contract as it spoke: its role in the contract and its party id (`definition.parties[party]`). */
export interface PartyVoice {
  party: SettlementParty;
  partyId: string;
}

/** Terms other than the contract's own took effect: one party proposed them, the other accepted. */
export interface TerminationMethodAgreement {
  proposalId: number;
  proposedBy: PartyVoice;
  acceptedBy: PartyVoice;
}

/**
 * `terms` are the termination terms in force: the contract's own, or terms both parties agreed
 * (a termination proposal accepted), in which case `methodAgreement` says whose.
 */
export type ContractTerminated = Event<
  'ContractTerminated',
  {
    effectiveOn: CivilDate;
    reason: string;
    method: TerminationMethod;
    terms: TerminationTerms;
    methodAgreement?: TerminationMethodAgreement;
  }
>;
/** A termination on the terms given, proposed by one party; it takes effect when the other accepts it. */
export type TerminationProposed = Event<
  'TerminationProposed',
  {
    /** 1, 2, … in the order proposed. */
    proposalId: number;
    effectiveOn: CivilDate;
    reason: string;
    method: TerminationMethod;
    terms: TerminationTerms;
    proposedBy: SettlementParty;
    proposedByParty: string;
  }
>;
/** The other party accepted a termination proposal: ContractTerminated follows in the same decision. */
export type TerminationAccepted = Event<'TerminationAccepted', { proposalId: number } & PartyVoice>;
export type TerminationProposalWithdrawn = Event<'TerminationProposalWithdrawn', { proposalId: number } & PartyVoice>;
export type ParticipantReferred = Event<
  'ParticipantReferred',
  {
    participantId: string;
    referredOn: CivilDate;
    intakeVariant: string | null;
    intakeOutcome: 'accepted' | 'rejected';
  }
>;
export type ParticipantEnrolled = Event<'ParticipantEnrolled', { participantId: string; enrolledOn: CivilDate }>;
export type ParticipantWithdrawn = Event<'ParticipantWithdrawn', { participantId: string; withdrawnOn: CivilDate; reason: string }>;
export type PlacementStarted = Event<
  'PlacementStarted',
  {
    participantId: string;
    placementId: string;
    employerRef: string;
    kind: PlacementKind;
    hoursPerWeek: number;
    startDate: CivilDate;
  }
>;
export type PlacementEnded = Event<'PlacementEnded', { participantId: string; placementId: string; endDate: CivilDate; reason: string }>;
/** Only the corrected fields are present; `endDate: null` re-opens the placement. */
export type PlacementCorrected = Event<
  'PlacementCorrected',
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
export type PayrollEvidenceRecorded = Event<
  'PayrollEvidenceRecorded',
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
export type PayrollEvidenceRevoked = Event<'PayrollEvidenceRevoked', { participantId: string; evidenceId: string; reason: string }>;
export type BenefitWeekRecorded = Event<'BenefitWeekRecorded', { participantId: string; week: IsoWeek; benefitPaid: boolean; source: string }>;
export type OutcomeVerified = Event<
  'OutcomeVerified',
  {
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
  }
>;
/** What names a payment identity (§5 "Exactly once"): contract (in paymentId), participant, outcome, occurrence, revision. */
export type PaymentIdentityFields = Pick<OutcomeVerified['data'], 'paymentId' | 'participantId' | 'outcomeCode' | 'occurrence' | 'revision'>;
export type OutcomeReversed = Event<
  'OutcomeReversed',
  PaymentIdentityFields & {
    /** The negative of the verified amount (0 when that was 0). */
    amount: number;
    reason: string;
    provenance: number[];
  }
>;
/** The payment service paid an outcome's payment identity (`amount`: what it paid, the verified amount). */
export type PaymentConfirmed = Event<'PaymentConfirmed', { paymentId: string; reference: string; confirmedOn: CivilDate; amount: number }>;
/**
 * The payment service got back the money of a paid payment identity that was reversed since
 * (`amount`: what came back, positive: the amount it had paid).
 */
export type PaymentRecovered = Event<'PaymentRecovered', { paymentId: string; reference: string; recoveredOn: CivilDate; amount: number }>;
/**
 * An agreed settlement netted this identity's open amount (positive: it was due; negative: it was
 * to recover): the settlement's payment pays or collects it, the identity itself no longer.
 */
export type PaymentSuperseded = Event<'PaymentSuperseded', { paymentId: string; settlementPaymentId: string; amount: number }>;
/** Recorded after an evidence package was written; the contract's state does not change. */
export type EvidenceExported = Event<'EvidenceExported', EvidenceExportData>;

/**
 * A settlement proposed as computed when it was recorded: everything needed to compute it again
 * from the log up to `computedAtVersion` and compare (`linesSha256` is settlementDigest).
 * Amounts in minor units.
 */
export type SettlementProposed = Event<
  'SettlementProposed',
  {
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
    /** The party that proposed it, and so accepted it. */
    proposedBy: SettlementParty;
    proposedByParty: string;
  }
>;
/** The other party accepted the proposal: SettlementAgreed follows in the same decision. */
export type SettlementAccepted = Event<'SettlementAccepted', { proposalId: number } & PartyVoice>;
/** The party that proposed it took it back before it was accepted: it can no longer be accepted. */
export type SettlementProposalWithdrawn = Event<'SettlementProposalWithdrawn', { proposalId: number } & PartyVoice>;
/**
 * The proposer's proposal was accepted by the other party, once final: its `due` is a payment with
 * its own identity, which nets every open amount of the contract (listed in `supersedes`, each
 * announced by a PaymentSuperseded after this event).
 */
export type SettlementAgreed = Event<
  'SettlementAgreed',
  {
    proposalId: number;
    /** settlementPaymentId(contractId, proposalId). */
    paymentId: string;
    /** The proposal's due: negative when money is to be recovered. */
    amount: number;
    currency: string;
    terminatedOn: CivilDate;
    method: TerminationMethod;
    linesSha256: string;
    /** The payment identities whose open amounts it nets, in the order they were verified. */
    supersedes: string[];
  }
>;
/**
 * Money moved for a payment identity the settlement had already netted (a confirmation or a
 * recovery recorded after the agreement): the same amount is a new amount to settle between the
 * parties, with an identity of its own (`contract:adjustment:n`). Positive: to pay (the money came
 * back twice); negative: to recover (it was paid twice).
 */
export type SettlementAdjusted = Event<
  'SettlementAdjusted',
  {
    /** settlementAdjustmentId(contractId, adjustment). */
    paymentId: string;
    adjustment: number;
    amount: number;
    currency: string;
    /** The superseded identity whose money moved, and the settlement payment that had netted it. */
    causePaymentId: string;
    cause: 'paid-after-agreement' | 'recovered-after-agreement';
    settlementPaymentId: string;
  }
>;
/**
 * The agreed settlement's payment, or an adjustment's, settled: paid when its amount is positive,
 * collected when negative (`amount` is the identity's, signed).
 */
export type SettlementPaid = Event<'SettlementPaid', { paymentId: string; reference: string; confirmedOn: CivilDate; amount: number }>;
export type SettlementEvent =
  SettlementProposed | SettlementAccepted | SettlementProposalWithdrawn | SettlementAgreed | PaymentSuperseded | SettlementAdjusted | SettlementPaid;
export type TerminationProposalEvent = TerminationProposed | TerminationAccepted | TerminationProposalWithdrawn;

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
  | TerminationProposalEvent
  | ParticipantFactEvent
  | OutcomeVerified
  | OutcomeReversed
  | PaymentConfirmed
  | PaymentRecovered
  | SettlementEvent
  | EvidenceExported;

export type ContractEventType = ContractEvent['type'];

/**
 * The events no command records first: the rules derive them from the fact before them (the
 * outcomes a fact verifies or reverses, the agreement the second party's acceptance completes and
 * the open amounts it supersedes, the adjustment a late confirmation makes). Every other event type
 * is the fact of a command in the catalogue; one, ContractTerminated, is also what the acceptance
 * of a termination proposal derives.
 */
export const DERIVED_EVENT_TYPES: ReadonlySet<ContractEventType> = new Set<ContractEventType>([
  'OutcomeVerified',
  'OutcomeReversed',
  'SettlementAgreed',
  'PaymentSuperseded',
  'SettlementAdjusted',
]);

/**
 * What the domain needs of an event read back from a contract's stream. A store's recorded event
 * is one as it is (it has more fields, and knows event types only as strings).
 */
export interface StoredContractEvent {
  type: string;
  data: unknown;
  /** 1-based place in the contract's stream. */
  streamVersion: number;
  /** UTC instant it was recorded, ISO-8601. */
  recordedAt: string;
}

/** An event as read back from the contract's stream, typed by this version's events. */
export type RecordedContractEvent = ContractEvent & Pick<StoredContractEvent, 'streamVersion' | 'recordedAt'>;

/**
 * A decided event as the stream would record it, for what is evolved without being stored
 * (what-ifs, the verifier's replay, the test harness): the one place such an event is built.
 */
export function asRecorded(event: ContractEvent, streamVersion: number, recordedAt: string): RecordedContractEvent {
  return { ...event, streamVersion, recordedAt };
}

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

/** The payment identity of the n-th adjustment of an agreed settlement: `contract:adjustment:n`, three parts like a settlement's. */
export function settlementAdjustmentId(contractId: string, adjustment: number): string {
  return `${contractId}:adjustment:${adjustment}`;
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
