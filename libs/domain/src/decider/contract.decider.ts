import type { ContractCommand } from './contract.commands.js';
import { decide } from './contract.decide.js';
import type { ContractEvent } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { initialContractState, type ContractState } from './contract.state.js';

/**
 * The contract decider in the shape an event-store runner expects: `initialState`, `evolve`
 * (in place, per stored event, as the store hands it back) and `decide(command, state, { nextVersion, now })`.
 */
export const contractDecider = {
  initialState: (): ContractState => initialContractState(),
  evolve,
  decide: (command: ContractCommand, state: ContractState, context: { nextVersion: number; now: string }): ContractEvent[] =>
    decide({ command, state, nextVersion: context.nextVersion, now: context.now }),
};
