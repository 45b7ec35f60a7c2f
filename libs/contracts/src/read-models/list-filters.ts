import { type ContractState, DomainError } from '#domain';

/** Filters a list takes that name something of the contract: each must name what the contract has. */
export interface ContractFilters {
  participantId?: string;
  outcomeCode?: string;
}

/**
 * A 400 naming the field when a filter names what the contract does not have (as recorded in
 * `state`): a participant not referred to it (`unknown-participant`), an outcome its definition
 * does not price (`unknown-outcome-code`). A filter that matches nothing is a mistake, not an
 * empty list.
 */
export function checkContractFilters(state: ContractState, filters: ContractFilters): void {
  const { participantId, outcomeCode } = filters;
  if (participantId !== undefined && !state.participants.has(participantId)) {
    throw new DomainError('invalid', 'unknown-participant', `participantId names no participant of contract ${state.definition?.contractId}.`, {
      field: 'participantId',
    });
  }
  const codes = state.definition?.outcomes.map((outcome) => outcome.code) ?? [];
  if (outcomeCode !== undefined && !codes.includes(outcomeCode)) {
    throw new DomainError('invalid', 'unknown-outcome-code', `outcomeCode must be one of the contract's outcomes: ${codes.join(', ')}.`, {
      field: 'outcomeCode',
    });
  }
}
