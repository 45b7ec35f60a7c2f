import type { ContractCommand } from './contract.commands.js';
import { decide } from './contract.decide.js';
import type { ContractEvent, RecordedContractEvent } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { initialContractState, type ContractState } from './contract.state.js';

/** An event as a store hands it back (structurally; the domain depends on no store). */
export interface StoredContractEvent {
  type: string;
  data: unknown;
  /** 1-based position in the contract's stream. */
  streamVersion: number;
  recordedAt: string;
}

/**
 * The contract decider in the shape an event-store runner expects: `initialState`, `evolve`
 * (in place, per stored event) and `decide(command, state, { nextVersion, now })`.
 */
export const contractDecider = {
  initialState: (): ContractState => initialContractState(),
  evolve: (state: ContractState, event: StoredContractEvent): ContractState =>
    evolve(state, { type: event.type, data: event.data, streamPosition: event.streamVersion, recordedAt: event.recordedAt } as RecordedContractEvent),
  decide: (command: ContractCommand, state: ContractState, context: { nextVersion: number; now: string }): ContractEvent[] =>
    decide({ command, state, nextPosition: context.nextVersion, now: context.now }),
};
