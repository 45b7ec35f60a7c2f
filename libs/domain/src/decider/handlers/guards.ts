import { noContractInStream } from '../../contract/contract-not-found.js';
import { evidenceGraceEnd } from '../../contract/contract-window.js';
import { DomainError } from '../../shared/domain.error.js';
import { compareDates, type CivilDate } from '../../time/civil-date.js';
import { copenhagenDateOf } from '../../time/copenhagen.js';
import type { PlacementFact } from '../../verification/participant-facts.js';
import { requireId } from '../command-fields.js';
import type { ContractState, ParticipantState } from '../contract.state.js';
import type { Decision } from './decision.js';

// The preconditions the command handlers share: which contract, which participant, which placement.

export function registered(state: ContractState): ContractState {
  if (state.status === 'unregistered' || state.definition === null) {
    throw noContractInStream();
  }
  return state;
}

export function terminated(): DomainError {
  return new DomainError('conflict', 'contract-terminated', 'The contract has been terminated.');
}

/** Participant facts need an active contract, or a terminated one still inside its evidence grace. */
export function acceptingFacts(decision: Decision): ContractState {
  const state = registered(decision.state);
  if (state.status === 'registered' || state.activatedOn === null) {
    throw new DomainError('conflict', 'contract-not-active', 'The contract has not been activated.');
  }
  if (state.termination !== null && decision.now !== undefined) {
    const graceEnd = evidenceGraceEnd(state.definition!, state.termination);
    if (compareDates(copenhagenDateOf(decision.now), graceEnd) > 0) {
      throw new DomainError('conflict', 'contract-terminated', `The contract was terminated and its evidence grace ended on ${graceEnd}.`);
    }
  }
  return state;
}

export function insidePeriod(state: ContractState, date: CivilDate, field: string): void {
  const { start, end } = state.definition!.period;
  if (compareDates(date, start) < 0 || compareDates(date, end) > 0) {
    throw new DomainError('invalid', 'date-outside-contract', `${field} must lie inside the contract period.`, { field });
  }
}

export function enrolled(state: ContractState, participantIdInput: unknown): ParticipantState {
  const participantId = requireId(participantIdInput, 'participantId');
  const participant = state.participants.get(participantId);
  if (participant?.enrolment == null) {
    throw new DomainError('conflict', 'participant-not-enrolled', `Participant ${participantId} is not enrolled.`, { field: 'participantId' });
  }
  return participant;
}

export function placementOf(participant: ParticipantState, placementIdInput: unknown): PlacementFact {
  const placementId = requireId(placementIdInput, 'placementId');
  const placement = participant.facts.placements.get(placementId);
  if (placement === undefined) {
    throw new DomainError('not-found', 'placement-not-found', `Placement ${placementId} is not recorded for this participant.`, { field: 'placementId' });
  }
  return placement;
}
