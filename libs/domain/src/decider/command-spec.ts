import type { CommandData, ContractCommandType, Speaker } from './contract.commands.js';
import type { ContractEvent, ContractEventType } from './contract.events.js';
import type { Decision } from './handlers/decision.js';

/** A recorded fact's data, as a fact reader takes it. */
export type FactData = Record<string, unknown>;

/** What the service knows about one kind of command: said beside its handler, in handlers/. */
export interface CommandSpec<K extends ContractCommandType> {
  /**
   * The facts the command may record first, before anything it derives (a payment confirmation
   * records PaymentConfirmed, or SettlementPaid for an agreed settlement's payment), each with how
   * its command's data is read back from the fact: an auditor's replay decides the command again
   * and compares (libs/ledger's verifier). A referral is read back with its pseudonym, never a CPR
   * number.
   */
  readonly facts: Readonly<Partial<Record<ContractEventType, (fact: FactData) => CommandData<K>>>>;
  /**
   * Whether it may arrive in bulk (a JSON Lines import) besides its own endpoint. Commands that
   * change the contract itself are sent one at a time.
   */
  readonly importable: boolean;
  /** Decides the command against the state: its events, or a DomainError. Pure. */
  readonly decide: (decision: Decision, data: CommandData<K>) => ContractEvent[];
}

/** The specs of a handler file's commands (`as const satisfies CommandSpecs`): each key a command type, each value its spec. */
export type CommandSpecs = { readonly [K in ContractCommandType]?: CommandSpec<K> };

/** A fact whose data is its command's, field for field (the command's handler checks them again). */
export const same = (fact: FactData): never => fact as never;

export function speakerOf(d: FactData): Speaker {
  return { party: d.party as Speaker['party'], partyId: d.partyId as string };
}

/** A party's answer to a proposal (an acceptance, a withdrawal), read back from its fact. */
export function answerOf(d: FactData): { proposalId: number } & Speaker {
  return { proposalId: d.proposalId as number, ...speakerOf(d) };
}
