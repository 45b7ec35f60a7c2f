import type { CommandSpec, FactData } from './command-spec.js';
import type { ContractCommand, ContractCommandType } from './contract.commands.js';
import { CONTRACT_LIFECYCLE_COMMANDS } from './handlers/contract.handlers.js';
import { EVIDENCE_COMMANDS } from './handlers/evidence.handlers.js';
import { PARTICIPANT_COMMANDS } from './handlers/participant.handlers.js';
import { PAYMENT_COMMANDS } from './handlers/payment.handlers.js';
import { PLACEMENT_EVIDENCE_COMMANDS } from './handlers/placement-evidence.handlers.js';
import { SETTLEMENT_COMMANDS } from './handlers/settlement.handlers.js';
import { TERMINATION_COMMANDS } from './handlers/termination.handlers.js';

export type { CommandSpec } from './command-spec.js';

/**
 * Every command of a contract, in one place: each handler file says, beside its handlers, what
 * its commands decide, the facts they record and how each is read back, and whether an import
 * may send them; a command type of ContractCommand without its spec fails to compile here.
 * `decide`, the import's lists and the fact names follow from this table.
 */
export const CONTRACT_COMMANDS = {
  ...CONTRACT_LIFECYCLE_COMMANDS,
  ...TERMINATION_COMMANDS,
  ...PARTICIPANT_COMMANDS,
  ...PLACEMENT_EVIDENCE_COMMANDS,
  ...PAYMENT_COMMANDS,
  ...SETTLEMENT_COMMANDS,
  ...EVIDENCE_COMMANDS,
} as const satisfies { readonly [K in ContractCommandType]: CommandSpec<K> };

/** The catalogue as a mapped type, so that a generic K indexes to CommandSpec<K>. */
export type CommandCatalogue = { readonly [K in ContractCommandType]: CommandSpec<K> };
const catalogue: CommandCatalogue = CONTRACT_COMMANDS;

export function commandSpec<K extends ContractCommandType>(type: K): CommandSpec<K> {
  return catalogue[type];
}

export const CONTRACT_COMMAND_TYPES = Object.keys(CONTRACT_COMMANDS) as ContractCommandType[];

export function isContractCommandType(value: unknown): value is ContractCommandType {
  return typeof value === 'string' && Object.hasOwn(CONTRACT_COMMANDS, value);
}

/** The command types that may be imported in bulk, in catalogue order. */
export const IMPORTABLE_COMMAND_TYPES = CONTRACT_COMMAND_TYPES.filter((type) => CONTRACT_COMMANDS[type].importable);

/**
 * The command a recorded fact was decided from, read back from the fact; undefined for an event
 * that is no fact but derived from the one before it (see DERIVED_EVENT_TYPES), or unknown.
 */
export function commandOfFact(event: { type: string; data: unknown }): ContractCommand | undefined {
  const reader = FACT_READERS.get(event.type);
  return reader === undefined ? undefined : ({ type: reader.type, data: reader.read(event.data as FactData) } as ContractCommand);
}

/** Fact type → its command and reader, made once from the catalogue (the verifier asks per event). */
const FACT_READERS: ReadonlyMap<string, { type: ContractCommandType; read: (fact: FactData) => unknown }> = new Map(
  CONTRACT_COMMAND_TYPES.flatMap((type) =>
    Object.entries(catalogue[type].facts as Record<string, (fact: FactData) => unknown>).map(([fact, read]) => [fact, { type, read }] as const),
  ),
);
