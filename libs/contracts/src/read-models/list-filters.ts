import { type ContractState, DomainError } from '#domain';

/** Filters a list takes that name something of the contract: each must name what the contract has. */
export interface ContractFilters {
  participantId?: string;
  outcomeCode?: string;
}

/** What the filters are checked against: the contract's participants and outcomes as recorded at some version. */
export interface ContractScope {
  contractId: string | undefined;
  participants: { has(participantId: string): boolean };
  outcomeCodes: readonly string[];
}

/** The scope of `state`, a copy that does not change with it. */
export function contractScope(state: ContractState): ContractScope {
  return {
    contractId: state.definition?.contractId,
    participants: new Set(state.participants.keys()),
    outcomeCodes: state.definition?.outcomes.map((outcome) => outcome.code) ?? [],
  };
}

/**
 * A 400 naming the field when a filter names what the contract does not have (as recorded in
 * `state`): a participant not referred to it (`unknown-participant`), an outcome its definition
 * does not price (`unknown-outcome-code`). A filter that matches nothing is a mistake, not an
 * empty list.
 */
export function checkContractFilters(state: ContractState | ContractScope, filters: ContractFilters): void {
  const { participantId, outcomeCode } = filters;
  const contractId = 'definition' in state ? state.definition?.contractId : state.contractId;
  if (participantId !== undefined && !state.participants.has(participantId)) {
    throw new DomainError('invalid', 'unknown-participant', `participantId names no participant of contract ${contractId}.`, {
      field: 'participantId',
    });
  }
  const codes = 'definition' in state ? (state.definition?.outcomes.map((outcome) => outcome.code) ?? []) : state.outcomeCodes;
  if (outcomeCode !== undefined && !codes.includes(outcomeCode)) {
    throw new DomainError('invalid', 'unknown-outcome-code', `outcomeCode must be one of the contract's outcomes: ${codes.join(', ')}.`, {
      field: 'outcomeCode',
    });
  }
}
