import type { CommandData, ContractCommand, ContractCommandType, Speaker } from './contract.commands.js';
import type { ContractEvent, ContractEventType } from './contract.events.js';
import { activateContract, amendContract, registerContract } from './handlers/contract.handlers.js';
import type { Decision } from './handlers/decision.js';
import { recordEvidenceExport } from './handlers/evidence.handlers.js';
import { enrolParticipant, referParticipant, withdrawParticipant } from './handlers/participant.handlers.js';
import { confirmPayment, confirmRecovery } from './handlers/payment.handlers.js';
import { agreeSettlement, proposeSettlement, withdrawSettlementProposal } from './handlers/settlement.handlers.js';
import { acceptTermination, proposeTermination, terminateContract, withdrawTerminationProposal } from './handlers/termination.handlers.js';
import {
  correctPlacement,
  endPlacement,
  recordBenefitWeek,
  recordPayrollEvidence,
  revokePayrollEvidence,
  startPlacement,
} from './handlers/placement-evidence.handlers.js';

type Data = Record<string, unknown>;
/** A fact whose data is its command's, field for field (the command's handler checks them again). */
const same = (fact: Data): never => fact as never;

/** What the service knows about one kind of command. */
export interface CommandSpec<K extends ContractCommandType> {
  /**
   * The facts the command may record first, before anything it derives (a payment confirmation
   * records PaymentConfirmed, or SettlementPaid for an agreed settlement's payment), each with how
   * its command's data is read back from the fact: an auditor's replay decides the command again
   * and compares (libs/ledger's verifier). A referral is read back with its pseudonym, never a CPR
   * number.
   */
  readonly facts: Readonly<Partial<Record<ContractEventType, (fact: Data) => CommandData<K>>>>;
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
  RegisterContract: { facts: { ContractRegistered: (d) => ({ definition: d.definition }) }, importable: false, decide: registerContract },
  ActivateContract: { facts: { ContractActivated: same }, importable: false, decide: activateContract },
  AmendContract: { facts: { ContractAmended: (d) => ({ definition: d.definition, reason: d.reason as string }) }, importable: false, decide: amendContract },
  // The terms in force, given in full, decide the same as the method they were chosen by.
  TerminateContract: {
    facts: {
      ContractTerminated: (d) => ({
        effectiveOn: d.effectiveOn as string,
        reason: d.reason as string,
        method: d.terms as CommandData<'TerminateContract'>['method'],
      }),
    },
    importable: false,
    decide: terminateContract,
  },
  ProposeTermination: {
    facts: {
      TerminationProposed: (d) => ({
        effectiveOn: d.effectiveOn as string,
        reason: d.reason as string,
        method: d.terms as CommandData<'ProposeTermination'>['method'],
        ...speakerOf({ party: d.proposedBy, partyId: d.proposedByParty }),
      }),
    },
    importable: false,
    decide: proposeTermination,
  },
  AcceptTermination: { facts: { TerminationAccepted: answerOf }, importable: false, decide: acceptTermination },
  WithdrawTerminationProposal: { facts: { TerminationProposalWithdrawn: answerOf }, importable: false, decide: withdrawTerminationProposal },
  ReferParticipant: { facts: { ParticipantReferred: same }, importable: true, decide: referParticipant },
  EnrolParticipant: { facts: { ParticipantEnrolled: same }, importable: true, decide: enrolParticipant },
  WithdrawParticipant: { facts: { ParticipantWithdrawn: same }, importable: true, decide: withdrawParticipant },
  StartPlacement: { facts: { PlacementStarted: same }, importable: true, decide: startPlacement },
  EndPlacement: { facts: { PlacementEnded: same }, importable: true, decide: endPlacement },
  CorrectPlacement: { facts: { PlacementCorrected: same }, importable: true, decide: correctPlacement },
  RecordPayrollEvidence: { facts: { PayrollEvidenceRecorded: same }, importable: true, decide: recordPayrollEvidence },
  RevokePayrollEvidence: { facts: { PayrollEvidenceRevoked: same }, importable: true, decide: revokePayrollEvidence },
  RecordBenefitWeek: { facts: { BenefitWeekRecorded: same }, importable: true, decide: recordBenefitWeek },
  // The amount is the rules' (what the payment identity triggered), not the command's.
  // A settlement's payment collected (negative) is read back as its confirmation: both decide the same SettlementPaid.
  ConfirmPayment: {
    facts: { PaymentConfirmed: confirmationOf, SettlementPaid: confirmationOf },
    importable: true,
    decide: confirmPayment,
  },
  ConfirmRecovery: {
    facts: { PaymentRecovered: (d) => ({ paymentId: d.paymentId as string, reference: d.reference as string, recoveredOn: d.recoveredOn as string }) },
    importable: true,
    decide: confirmRecovery,
  },
  ProposeSettlement: {
    facts: { SettlementProposed: (d) => speakerOf({ party: d.proposedBy, partyId: d.proposedByParty }) },
    importable: false,
    decide: proposeSettlement,
  },
  AgreeSettlement: { facts: { SettlementAccepted: answerOf }, importable: false, decide: agreeSettlement },
  WithdrawSettlementProposal: { facts: { SettlementProposalWithdrawn: answerOf }, importable: false, decide: withdrawSettlementProposal },
  RecordEvidenceExport: { facts: { EvidenceExported: same }, importable: false, decide: recordEvidenceExport },
} as const satisfies { readonly [K in ContractCommandType]: CommandSpec<K> };

function speakerOf(d: Data): Speaker {
  return { party: d.party as Speaker['party'], partyId: d.partyId as string };
}

/** A party's answer to a proposal (an acceptance, a withdrawal), read back from its fact. */
function answerOf(d: Data): { proposalId: number } & Speaker {
  return { proposalId: d.proposalId as number, ...speakerOf(d) };
}

function confirmationOf(d: Data): CommandData<'ConfirmPayment'> {
  return { paymentId: d.paymentId as string, reference: d.reference as string, confirmedOn: d.confirmedOn as string };
}

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
  return reader === undefined ? undefined : ({ type: reader.type, data: reader.read(event.data as Data) } as ContractCommand);
}

/** Fact type → its command and reader, made once from the catalogue (the verifier asks per event). */
const FACT_READERS: ReadonlyMap<string, { type: ContractCommandType; read: (fact: Data) => unknown }> = new Map(
  CONTRACT_COMMAND_TYPES.flatMap((type) =>
    Object.entries(catalogue[type].facts as Record<string, (fact: Data) => unknown>).map(([fact, read]) => [fact, { type, read }] as const),
  ),
);
