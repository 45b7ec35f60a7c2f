import type { CommandData, ContractCommandType } from './contract.commands.js';
import type { ContractEvent, ContractEventType } from './contract.events.js';
import { activateContract, amendContract, registerContract, terminateContract } from './handlers/contract.handlers.js';
import type { Decision } from './handlers/decision.js';
import { recordEvidenceExport } from './handlers/evidence.handlers.js';
import { enrolParticipant, referParticipant, withdrawParticipant } from './handlers/participant.handlers.js';
import { confirmPayment } from './handlers/payment.handlers.js';
import { agreeSettlement, proposeSettlement } from './handlers/settlement.handlers.js';
import {
  correctPlacement,
  endPlacement,
  recordBenefitWeek,
  recordPayrollEvidence,
  revokePayrollEvidence,
  startPlacement,
} from './handlers/placement-evidence.handlers.js';

/** What the service knows about one kind of command. */
export interface CommandSpec<K extends ContractCommandType> {
  /**
   * The facts the command may record first, before anything it derives: one of them (a payment
   * confirmation records PaymentConfirmed, or SettlementPaid for an agreed settlement's payment).
   */
  readonly facts: readonly [ContractEventType, ...ContractEventType[]];
  /**
   * Whether it may arrive in bulk (a JSON Lines import) besides its own endpoint. Commands that
   * change the contract itself are sent one at a time.
   */
  readonly importable: boolean;
  /** Decides the command against the state: its events, or a DomainError. Pure. */
  readonly decide: (decision: Decision, data: CommandData<K>) => ContractEvent[];
}

/**
 * Every command of a contract, in one place: adding a command is adding its type to
 * ContractCommand and a line here (the compiler then asks for its handler), and `decide`, the
 * import's lists and the fact names follow from this table.
 */
export const CONTRACT_COMMANDS = {
  RegisterContract: { facts: ['ContractRegistered'], importable: false, decide: registerContract },
  ActivateContract: { facts: ['ContractActivated'], importable: false, decide: activateContract },
  AmendContract: { facts: ['ContractAmended'], importable: false, decide: amendContract },
  TerminateContract: { facts: ['ContractTerminated'], importable: false, decide: terminateContract },
  ReferParticipant: { facts: ['ParticipantReferred'], importable: true, decide: referParticipant },
  EnrolParticipant: { facts: ['ParticipantEnrolled'], importable: true, decide: enrolParticipant },
  WithdrawParticipant: { facts: ['ParticipantWithdrawn'], importable: true, decide: withdrawParticipant },
  StartPlacement: { facts: ['PlacementStarted'], importable: true, decide: startPlacement },
  EndPlacement: { facts: ['PlacementEnded'], importable: true, decide: endPlacement },
  CorrectPlacement: { facts: ['PlacementCorrected'], importable: true, decide: correctPlacement },
  RecordPayrollEvidence: { facts: ['PayrollEvidenceRecorded'], importable: true, decide: recordPayrollEvidence },
  RevokePayrollEvidence: { facts: ['PayrollEvidenceRevoked'], importable: true, decide: revokePayrollEvidence },
  RecordBenefitWeek: { facts: ['BenefitWeekRecorded'], importable: true, decide: recordBenefitWeek },
  ConfirmPayment: { facts: ['PaymentConfirmed', 'SettlementPaid'], importable: true, decide: confirmPayment },
  ProposeSettlement: { facts: ['SettlementProposed'], importable: false, decide: proposeSettlement },
  AgreeSettlement: { facts: ['SettlementAccepted'], importable: false, decide: agreeSettlement },
  RecordEvidenceExport: { facts: ['EvidenceExported'], importable: false, decide: recordEvidenceExport },
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
