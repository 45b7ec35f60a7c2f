import type { ContractCommand } from '../decider/contract.commands.js';
import { decide } from '../decider/contract.decide.js';
import { asRecorded, type ContractEvent } from '../decider/contract.events.js';
import { evolve } from '../decider/contract.evolve.js';
import { cloneContractState, type ContractState } from '../decider/contract.state.js';

/**
 * Decides several commands as one unit, each against the state the previous ones leave: the
 * events are exactly those of deciding them one by one. All or nothing: a refusal throws and
 * nothing is returned. The given state is not modified.
 */
export function decideBatch(input: { commands: readonly ContractCommand[]; state: ContractState; nextVersion?: number; now?: string }): ContractEvent[] {
  const scratch = cloneContractState(input.state);
  let position = input.nextVersion ?? input.state.version + 1;
  const out: ContractEvent[] = [];
  for (const command of input.commands) {
    const events = decide({ command, state: scratch, nextVersion: position, ...(input.now !== undefined ? { now: input.now } : {}) });
    for (const event of events) {
      evolve(scratch, asRecorded(event, position, input.now ?? ''));
      position++;
      out.push(event);
    }
  }
  return out;
}
