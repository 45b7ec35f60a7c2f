import { DomainError } from '../shared/domain.error.js';
import { isIsoInstant } from '../time/instant.js';
import { commandSpec, isContractCommandType } from './command-catalogue.js';
import { commandData } from './command-fields.js';
import type { CommandData, ContractCommand, ContractCommandType } from './contract.commands.js';
import type { ContractEvent } from './contract.events.js';
import type { ContractState } from './contract.state.js';
import type { Decision } from './handlers/decision.js';

export interface DecideInput {
  command: ContractCommand;
  state: ContractState;
  /** Stream version the first new event will get; defaults to state.version + 1. */
  nextVersion?: number;
  /** Recording instant (ISO-8601 UTC); when given, facts after a termination's grace end are refused. */
  now?: string;
}

/**
 * Decides which events a command produces against the contract's current state. Pure: the state
 * is never modified. Throws DomainError when the command is refused; returns [] for a repeat that
 * would change nothing. A recorded fact is followed by the outcome events it derives (§5).
 */
export function decide(input: DecideInput): ContractEvent[] {
  const { command, state } = input;
  if (command === null || typeof command !== 'object' || typeof command.type !== 'string') {
    throw new DomainError('invalid', 'invalid-command', 'The command has no type.', { field: 'type' });
  }
  if (input.now !== undefined && !isIsoInstant(input.now)) {
    throw new DomainError('invalid', 'invalid-command', 'now must be an ISO-8601 instant.', { field: 'now' });
  }
  const type: unknown = command.type;
  if (!isContractCommandType(type)) {
    throw new DomainError('invalid', 'unknown-command', `Unknown command type ${String(type)}.`, { field: 'type' });
  }
  const decision = { state, nextVersion: input.nextVersion ?? state.version + 1, now: input.now };
  return decideAs(type, decision, commandData(command.data));
}

function decideAs<K extends ContractCommandType>(type: K, decision: Decision, data: Record<string, unknown>): ContractEvent[] {
  // The data is untrusted: the handler checks every field it reads (shapes, dates, weeks).
  return commandSpec(type).decide(decision, data as CommandData<K>);
}
