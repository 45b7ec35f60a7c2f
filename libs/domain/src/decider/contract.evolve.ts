import { sharedString } from '../shared/shared-strings.js';
import { occurrenceKey } from '../verification/achievement.js';
import type { PartyVoice, RecordedContractEvent, StoredContractEvent } from './contract.events.js';
import { applyParticipantFact } from './participant-facts.projection.js';
import {
  initialContractState,
  newParticipantState,
  type ContractState,
  type ParticipantState,
  type ProposalProgress,
  type Recorded,
} from './contract.state.js';

/**
 * Applies one recorded event to the state and returns it. For O(1) work per event (a contract may
 * hold 100k events) the given state is updated IN PLACE: treat it as owned by the fold, and use
 * cloneContractState first when the state before the event is still needed. Events of types this
 * version does not know only advance the version.
 */
export function evolve(state: ContractState, stored: StoredContractEvent): ContractState {
  // A contract's stream holds this version's contract events (older shapes are upcast on read): the
  // store's event is read as one, as it is.
  const event = stored as RecordedContractEvent;
  const position = event.streamVersion;
  const recorded: Recorded = { position, recordedAt: event.recordedAt };
  switch (event.type) {
    case 'ContractRegistered':
      state.contractId = event.data.contractId;
      state.status = 'registered';
      state.definition = event.data.definition;
      state.termsVersion = 1;
      state.terms.push({ termsVersion: 1, definition: event.data.definition, position, recordedAt: event.recordedAt, reason: null });
      break;
    case 'ContractActivated':
      state.status = 'active';
      state.activatedOn = event.data.activatedOn;
      break;
    case 'ContractAmended':
      state.definition = event.data.definition;
      state.termsVersion = event.data.termsVersion;
      state.terms.push({
        termsVersion: event.data.termsVersion,
        definition: event.data.definition,
        position,
        recordedAt: event.recordedAt,
        reason: event.data.reason,
      });
      break;
    case 'ContractTerminated':
      state.status = 'terminated';
      state.termination = { ...event.data, position, recordedAt: event.recordedAt };
      break;
    case 'ParticipantReferred': {
      const participant = participantOf(state, event.data.participantId);
      const { referredOn, intakeVariant, intakeOutcome } = event.data;
      participant.referral = {
        referredOn: sharedString(referredOn),
        intakeVariant: sharedString(intakeVariant),
        intakeOutcome: sharedString(intakeOutcome),
        position,
      };
      break;
    }
    case 'ParticipantEnrolled': {
      const participant = participantOf(state, event.data.participantId);
      participant.enrolment = { enrolledOn: sharedString(event.data.enrolledOn), position };
      applyParticipantFact(participant.facts, event, position);
      break;
    }
    case 'ParticipantWithdrawn': {
      const participant = participantOf(state, event.data.participantId);
      participant.withdrawal = { withdrawnOn: sharedString(event.data.withdrawnOn), reason: event.data.reason, position };
      applyParticipantFact(participant.facts, event, position);
      break;
    }
    case 'PlacementStarted':
    case 'PlacementEnded':
    case 'PlacementCorrected':
    case 'PayrollEvidenceRecorded':
    case 'PayrollEvidenceRevoked':
    case 'BenefitWeekRecorded':
      applyParticipantFact(participantOf(state, event.data.participantId).facts, event, position);
      break;
    case 'OutcomeVerified': {
      const d = event.data;
      const participant = participantOf(state, d.participantId);
      const key = sharedString(occurrenceKey(d.outcomeCode, d.occurrence));
      // The participant's id and the repeated values as one string each (docs/snapshots.md "Memory").
      state.ledger.set(d.paymentId, {
        paymentId: d.paymentId,
        participantId: participant.participantId,
        outcomeCode: sharedString(d.outcomeCode),
        occurrence: d.occurrence,
        revision: d.revision,
        achievedOn: sharedString(d.achievedOn),
        price: d.price,
        amount: d.amount,
        capReason: sharedString(d.capReason),
        termsVersion: d.termsVersion,
        provenance: d.provenance,
        verifiedAt: position,
        reversal: null,
        confirmation: null,
        recovery: null,
        supersession: null,
      });
      participant.verified.set(key, d.paymentId);
      participant.revisions.set(key, Math.max(d.revision, participant.revisions.get(key) ?? 0));
      participant.totals.committed += d.amount;
      state.totals.committed += d.amount;
      break;
    }
    case 'OutcomeReversed': {
      const d = event.data;
      const entry = state.ledger.get(d.paymentId);
      if (entry === undefined || entry.reversal !== null) break;
      const participant = participantOf(state, d.participantId);
      state.ledger.set(d.paymentId, { ...entry, reversal: { position, reason: d.reason } });
      const key = occurrenceKey(d.outcomeCode, d.occurrence);
      if (participant.verified.get(key) === d.paymentId) participant.verified.delete(key);
      participant.totals.committed -= entry.amount;
      state.totals.committed -= entry.amount;
      break;
    }
    case 'PaymentConfirmed': {
      const d = event.data;
      const entry = state.ledger.get(d.paymentId);
      if (entry === undefined || entry.confirmation !== null) break;
      state.ledger.set(d.paymentId, {
        ...entry,
        confirmation: { reference: d.reference, confirmedOn: d.confirmedOn, amount: d.amount, position },
      });
      addConfirmed(state, entry.participantId, d.amount);
      break;
    }
    case 'PaymentRecovered': {
      const d = event.data;
      const entry = state.ledger.get(d.paymentId);
      if (entry === undefined || entry.recovery !== null) break;
      state.ledger.set(d.paymentId, { ...entry, recovery: { reference: d.reference, recoveredOn: d.recoveredOn, amount: d.amount, position } });
      addConfirmed(state, entry.participantId, -d.amount);
      break;
    }
    case 'PaymentSuperseded': {
      const d = event.data;
      const entry = state.ledger.get(d.paymentId);
      if (entry === undefined || entry.supersession !== null) break;
      state.ledger.set(d.paymentId, { ...entry, supersession: { settlementPaymentId: d.settlementPaymentId, amount: d.amount, position } });
      break;
    }
    case 'SettlementProposed': {
      const { settlement } = state;
      const proposal = { ...event.data, ...recorded, acceptance: null, withdrawal: null };
      state.settlement = { ...settlement, proposals: [...settlement.proposals, proposal] };
      break;
    }
    case 'SettlementAccepted':
      state.settlement = { ...state.settlement, proposals: progressed(state.settlement.proposals, event.data, { acceptance: voiceOf(event.data, recorded) }) };
      break;
    case 'SettlementProposalWithdrawn':
      state.settlement = { ...state.settlement, proposals: progressed(state.settlement.proposals, event.data, { withdrawal: voiceOf(event.data, recorded) }) };
      break;
    case 'SettlementAgreed':
      state.settlement = { ...state.settlement, agreement: { ...event.data, ...recorded } };
      break;
    case 'SettlementAdjusted':
      state.settlement = { ...state.settlement, adjustments: [...state.settlement.adjustments, { ...event.data, ...recorded, settled: null }] };
      break;
    case 'SettlementPaid': {
      const { settlement } = state;
      const { paymentId, ...paid } = event.data;
      const settled = { ...paid, ...recorded };
      if (settlement.agreement?.paymentId === paymentId) {
        state.settlement = { ...settlement, payment: { paymentId, ...settled } };
      } else {
        state.settlement = { ...settlement, adjustments: settlement.adjustments.map((a) => (a.paymentId === paymentId ? { ...a, settled } : a)) };
      }
      break;
    }
    case 'TerminationProposed':
      state.terminationProposals = [...state.terminationProposals, { ...event.data, ...recorded, acceptance: null, withdrawal: null }];
      break;
    case 'TerminationAccepted':
      state.terminationProposals = progressed(state.terminationProposals, event.data, { acceptance: voiceOf(event.data, recorded) });
      break;
    case 'TerminationProposalWithdrawn':
      state.terminationProposals = progressed(state.terminationProposals, event.data, { withdrawal: voiceOf(event.data, recorded) });
      break;
    case 'EvidenceExported':
      // A record of what an evaluator was given: no rule reads it back.
      break;
    default: {
      // Every event type of this version has its case (a new one fails to compile here); a type
      // from a later version only advances the version.
      const unknownType: never = event;
      void unknownType;
      break;
    }
  }
  state.version = position;
  state.lastRecordedAt = event.recordedAt;
  return state;
}

/** Money paid for (or, negative, recovered from) a participant's payment identity. */
function addConfirmed(state: ContractState, participantId: string, amount: number): void {
  participantOf(state, participantId).totals.confirmed += amount;
  state.totals.confirmed += amount;
}

function voiceOf(data: PartyVoice, recorded: Recorded): PartyVoice & Recorded {
  return { party: data.party, partyId: data.partyId, ...recorded };
}

/** The proposals with proposal `proposalId` accepted or withdrawn: a copy, since the records are shared between states. */
function progressed<P extends ProposalProgress>(proposals: readonly P[], { proposalId }: { proposalId: number }, change: Partial<ProposalProgress>): P[] {
  return proposals.map((p, i) => (i === proposalId - 1 ? { ...p, ...change } : p));
}

function participantOf(state: ContractState, participantId: string): ParticipantState {
  let participant = state.participants.get(participantId);
  if (participant === undefined) {
    participant = newParticipantState(participantId);
    state.participants.set(participantId, participant);
  }
  return participant;
}

/** Folds a stream from the start (or onto a given state, which is then updated in place). */
export function replay(events: Iterable<StoredContractEvent>, state: ContractState = initialContractState()): ContractState {
  for (const event of events) evolve(state, event);
  return state;
}
