import type { ContractDefinition, TerminationMethod, TerminationTerms } from '../contract/contract-definition.js';
import type { CivilDate } from '../time/civil-date.js';
import { cloneParticipantFacts, emptyParticipantFacts, type ParticipantFacts } from '../verification/participant-facts.js';
import type { OutcomeVerified, SettlementAgreed, SettlementParty, SettlementProposed, TerminationMethodAgreement } from './contract.events.js';

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

/** A settlement proposal and the parties that accepted it. */
export interface SettlementProposalRecord extends Readonly<SettlementProposed['data']> {
  position: number;
  recordedAt: string;
  acceptances: ReadonlyArray<{ party: SettlementParty; position: number; recordedAt: string }>;
}

/**
 * The settlement as recorded (docs/rules.md §7 "Agreeing and paying"). `evolve` replaces this
 * record and its parts rather than changing them, so a state's copy may share them.
 */
export interface SettlementRecord {
  /** In the order proposed: proposal n is `proposals[n - 1]`. */
  proposals: readonly SettlementProposalRecord[];
  agreement: (Readonly<SettlementAgreed['data']> & { position: number; recordedAt: string }) | null;
  payment: { paymentId: string; reference: string; confirmedOn: CivilDate; amount: number; position: number; recordedAt: string } | null;
}

export interface ReferralRecord {
  referredOn: CivilDate;
  intakeVariant: string | null;
  intakeOutcome: 'accepted' | 'rejected';
  position: number;
}

/** One payment identity: a verified occurrence, possibly since reversed and/or confirmed. */
export interface LedgerEntry extends Readonly<OutcomeVerified['data']> {
  /** Position of the OutcomeVerified event. */
  verifiedAt: number;
  reversal: { position: number; reason: string } | null;
  confirmation: { reference: string; confirmedOn: CivilDate; amount: number; position: number } | null;
}

export interface MoneyTotals {
  /** Sum of the amounts of verified, unreversed occurrences. */
  committed: number;
  /** Sum of confirmed payments. */
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
    participants: new Map(),
    ledger: new Map(),
    totals: { committed: 0, confirmed: 0 },
    settlement: { proposals: [], agreement: null, payment: null },
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
 * settlement record is shared: evolve replaces it, never changes it.
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
