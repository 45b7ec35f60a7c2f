import type { CommandData, ContractCommandType } from './contract.commands.js';
import type { ContractEvent, ContractEventType } from './contract.events.js';
import { activateContract, amendContract, registerContract, terminateContract } from './handlers/contract.handlers.js';
import type { Decision } from './handlers/decision.js';
import { recordEvidenceExport } from './handlers/evidence.handlers.js';
import { enrolParticipant, referParticipant, withdrawParticipant } from './handlers/participant.handlers.js';
import { confirmPayment } from './handlers/payment.handlers.js';
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
  /** The fact the command records (first, before any outcomes it derives). */
  readonly fact: ContractEventType;
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
  RegisterContract: { fact: 'ContractRegistered', importable: false, decide: registerContract },
  ActivateContract: { fact: 'ContractActivated', importable: false, decide: activateContract },
  AmendContract: { fact: 'ContractAmended', importable: false, decide: amendContract },
  TerminateContract: { fact: 'ContractTerminated', importable: false, decide: terminateContract },
  ReferParticipant: { fact: 'ParticipantReferred', importable: true, decide: referParticipant },
  EnrolParticipant: { fact: 'ParticipantEnrolled', importable: true, decide: enrolParticipant },
  WithdrawParticipant: { fact: 'ParticipantWithdrawn', importable: true, decide: withdrawParticipant },
  StartPlacement: { fact: 'PlacementStarted', importable: true, decide: startPlacement },
  EndPlacement: { fact: 'PlacementEnded', importable: true, decide: endPlacement },
  CorrectPlacement: { fact: 'PlacementCorrected', importable: true, decide: correctPlacement },
  RecordPayrollEvidence: { fact: 'PayrollEvidenceRecorded', importable: true, decide: recordPayrollEvidence },
  RevokePayrollEvidence: { fact: 'PayrollEvidenceRevoked', importable: true, decide: revokePayrollEvidence },
  RecordBenefitWeek: { fact: 'BenefitWeekRecorded', importable: true, decide: recordBenefitWeek },
  ConfirmPayment: { fact: 'PaymentConfirmed', importable: true, decide: confirmPayment },
  RecordEvidenceExport: { fact: 'EvidenceExported', importable: false, decide: recordEvidenceExport },
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
