import type { ContractDefinition, TerminationMethod, TerminationTerms } from '../contract/contract-definition.js';
import type { CivilDate } from '../time/civil-date.js';
import { cloneParticipantFacts, emptyParticipantFacts, type ParticipantFacts } from '../verification/participant-facts.js';
import type {
  OutcomeVerified,
  PartyVoice,
  SettlementAdjusted,
  SettlementAgreed,
  SettlementProposed,
  TerminationMethodAgreement,
  TerminationProposed,
} from './contract.events.js';

export type ContractStatus = 'unregistered' | 'registered' | 'active' | 'terminated';

export interface TermsRecord {
  termsVersion: number;
  definition: ContractDefinition;
  position: number;
  recordedAt: string;
  /** Null for the registration (terms version 1). */
  reason: string | null;
}

export interface TerminationRecord {
  effectiveOn: CivilDate;
  reason: string;
  method: TerminationMethod;
  terms: TerminationTerms;
  methodAgreement?: TerminationMethodAgreement;
  position: number;
  recordedAt: string;
}

/** Where and when a fact was recorded. */
export interface Recorded {
  position: number;
  recordedAt: string;
}

/**
 * A proposal of one party to the other (a settlement, or a termination on other terms): made, and
 * then accepted by the other party or withdrawn by the one that made it, or neither yet.
 */
export interface ProposalProgress {
  acceptance: (PartyVoice & Recorded) | null;
  withdrawal: (PartyVoice & Recorded) | null;
}

export interface SettlementProposalRecord extends Readonly<SettlementProposed['data']>, Recorded, ProposalProgress {}

export interface TerminationProposalRecord extends Readonly<TerminationProposed['data']>, Recorded, ProposalProgress {}

/** How a settlement-side payment identity (the agreed settlement's, an adjustment's) was settled. */
export interface SettledRecord extends Recorded {
  reference: string;
  confirmedOn: CivilDate;
  amount: number;
}

/** A new amount to settle after the agreement (see SettlementAdjusted), and whether it has been. */
export interface AdjustmentRecord extends Readonly<SettlementAdjusted['data']>, Recorded {
  settled: SettledRecord | null;
}

/**
 * The settlement as recorded (docs/rules.md §7 "Agreeing and paying"). `evolve` replaces this
 * record and its parts rather than changing them, so a state's copy may share them.
 */
export interface SettlementRecord {
  /** In the order proposed: proposal n is `proposals[n - 1]`. */
  proposals: readonly SettlementProposalRecord[];
  agreement: (Readonly<SettlementAgreed['data']> & Recorded) | null;
  /** The agreed settlement's payment, once settled. */
  payment: (SettledRecord & { paymentId: string }) | null;
  /** Adjustment n is `adjustments[n - 1]`. */
  adjustments: readonly AdjustmentRecord[];
}

export interface ReferralRecord {
  referredOn: CivilDate;
  intakeVariant: string | null;
  intakeOutcome: 'accepted' | 'rejected';
  position: number;
}

/**
 * One payment identity: a verified occurrence, and what became of its money since (its state is
 * derived by paymentStateOf, libs/domain/src/payments/payment-state.ts).
 */
export interface LedgerEntry extends Readonly<OutcomeVerified['data']> {
  /** Position of the OutcomeVerified event. */
  verifiedAt: number;
  reversal: { position: number; reason: string } | null;
  confirmation: { reference: string; confirmedOn: CivilDate; amount: number; position: number } | null;
  /** The paid money came back (after a reversal). */
  recovery: { reference: string; recoveredOn: CivilDate; amount: number; position: number } | null;
  /** An agreed settlement netted the identity's open amount (`amount`: positive was due, negative was to recover). */
  supersession: { settlementPaymentId: string; amount: number; position: number } | null;
}

export interface MoneyTotals {
  /** Sum of the amounts of verified, unreversed occurrences. */
  committed: number;
  /** Money paid for outcome payment identities less money recovered from them. */
  confirmed: number;
}

export interface ParticipantState {
  participantId: string;
  referral: ReferralRecord | null;
  enrolment: { enrolledOn: CivilDate; position: number } | null;
  withdrawal: { withdrawnOn: CivilDate; reason: string; position: number } | null;
  facts: ParticipantFacts;
  /** Occurrence key (`CODE#k`) -> payment id of its verified, unreversed payment identity. */
  verified: Map<string, string>;
  /** Occurrence key -> highest revision used so far (a new verification takes the next one). */
  revisions: Map<string, number>;
  totals: MoneyTotals;
}

export interface ContractState {
  contractId: string | null;
  status: ContractStatus;
  /** The terms in force (latest registration or amendment). */
  definition: ContractDefinition | null;
  /** 0 before registration, 1 at registration, +1 per amendment. */
  termsVersion: number;
  terms: TermsRecord[];
  activatedOn: CivilDate | null;
  termination: TerminationRecord | null;
  /** Proposals of a termination on other terms, in the order made (proposal n is `[n - 1]`); replaced, never changed, by evolve. */
  terminationProposals: readonly TerminationProposalRecord[];
  participants: Map<string, ParticipantState>;
  /** Every payment identity ever verified, by payment id. */
  ledger: Map<string, LedgerEntry>;
  totals: MoneyTotals;
  settlement: SettlementRecord;
  /** Stream position of the last event applied (0 for a new stream). */
  version: number;
  lastRecordedAt: string | null;
}

export function initialContractState(): ContractState {
  return {
    contractId: null,
    status: 'unregistered',
    definition: null,
    termsVersion: 0,
    terms: [],
    activatedOn: null,
    termination: null,
    terminationProposals: [],
    participants: new Map(),
    ledger: new Map(),
    totals: { committed: 0, confirmed: 0 },
    settlement: { proposals: [], agreement: null, payment: null, adjustments: [] },
    version: 0,
    lastRecordedAt: null,
  };
}

export function newParticipantState(participantId: string): ParticipantState {
  return {
    participantId,
    referral: null,
    enrolment: null,
    withdrawal: null,
    facts: emptyParticipantFacts(participantId),
    verified: new Map(),
    revisions: new Map(),
    totals: { committed: 0, confirmed: 0 },
  };
}

/**
 * A copy that `evolve` can advance without changing the original. Costs O(size of the state). The
 * settlement record and the termination proposals are shared: evolve replaces them, never changes them.
 */
export function cloneContractState(state: ContractState): ContractState {
  const participants = new Map<string, ParticipantState>();
  for (const [id, p] of state.participants) {
    participants.set(id, {
      ...p,
      facts: cloneParticipantFacts(p.facts),
      verified: new Map(p.verified),
      revisions: new Map(p.revisions),
      totals: { ...p.totals },
    });
  }
  return {
    ...state,
    terms: [...state.terms],
    participants,
    ledger: new Map(state.ledger),
    totals: { ...state.totals },
  };
}
