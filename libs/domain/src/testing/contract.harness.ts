import { impact60Example } from '../contract/impact60.example.js';
import type { ContractDefinition } from '../contract/contract-definition.js';
import type { ContractCommand } from '../decider/contract.commands.js';
import { decide } from '../decider/contract.decide.js';
import { asRecorded, type ContractEvent, type RecordedContractEvent } from '../decider/contract.events.js';
import { evolve } from '../decider/contract.evolve.js';
import { initialContractState, type ContractState } from '../decider/contract.state.js';
import { DomainError } from '../shared/domain.error.js';

/**
 * An in-memory contract stream for tests and what-ifs: decides a command against the current
 * state, "records" the events (positions, a fixed instant) and evolves the state.
 */
export class ContractHarness {
  readonly state: ContractState = initialContractState();
  readonly events: RecordedContractEvent[] = [];

  constructor(private readonly now: string = '2019-01-01T12:00:00Z') {}

  /**
   * Decides and records a command. A command that names a `party` without a `partyId` speaks as
   * that party of the contract (its id from the definition), as a party token would.
   */
  run(command: ContractCommand, now: string = this.now): RecordedContractEvent[] {
    const decided = decide({ command: this.spoken(command), state: this.state, nextVersion: this.state.version + 1, now });
    return this.append(decided, now);
  }

  /** Terminates on terms other than the contract's: proposed by the commissioner, accepted by the investor. */
  terminateOnTerms(effectiveOn: string, method: unknown, now: string = this.now): RecordedContractEvent[] {
    const [proposed] = this.run(cmd.proposeTermination('commissioner', effectiveOn, method), now);
    return [proposed, ...this.run(cmd.acceptTermination((proposed.data as { proposalId: number }).proposalId, 'investor'), now)];
  }

  private spoken(command: ContractCommand): ContractCommand {
    const data = command.data as { party?: 'commissioner' | 'investor'; partyId?: unknown };
    const parties = this.state.definition?.parties;
    if (data.party === undefined || data.partyId !== undefined || parties === undefined) return command;
    return { ...command, data: { ...data, partyId: parties[data.party] } } as ContractCommand;
  }

  append(decided: readonly ContractEvent[], now: string = this.now): RecordedContractEvent[] {
    const recorded = decided.map((event, i) => asRecorded(event, this.state.version + 1 + i, now));
    for (const event of recorded) {
      evolve(this.state, event);
      this.events.push(event);
    }
    return recorded;
  }

  /** Position the next recorded event will get. */
  get nextVersion(): number {
    return this.state.version + 1;
  }
}

/** The DomainError with which the harness refuses the command (recording nothing); fails when it is taken. */
export function refusal(h: ContractHarness, command: ContractCommand, now?: string): DomainError {
  try {
    h.run(command, now);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}

/** The contract of docs/rules.md §4, as the domain's tests have always used it (grace period spelled out). */
export function impact60Definition(): ContractDefinition {
  const definition = impact60Example();
  return { ...definition, termination: { ...definition.termination, evidenceGraceWeeks: 9 } };
}

export const SHA = 'a'.repeat(64);

/** Command builders with defaults for the fields a test does not care about. */
export const cmd = {
  register: (definition: unknown = impact60Definition()): ContractCommand => ({ type: 'RegisterContract', data: { definition } }),
  activate: (activatedOn = '2018-09-01'): ContractCommand => ({ type: 'ActivateContract', data: { activatedOn } }),
  amend: (definition: unknown, reason = 'agreed change'): ContractCommand => ({ type: 'AmendContract', data: { definition, reason } }),
  /** On the contract's own terms (`method` may name or spell them out); other terms: proposeTermination, acceptTermination. */
  terminate: (effectiveOn: string, method?: unknown): ContractCommand => ({
    type: 'TerminateContract',
    data: { effectiveOn, reason: 'early end', ...(method !== undefined ? { method: method as never } : {}) },
  }),
  proposeTermination: (party: Party, effectiveOn: string, method: unknown, partyId?: string | null): ContractCommand => ({
    type: 'ProposeTermination',
    data: { effectiveOn, reason: 'early end', method: method as never, party, ...spokenBy(partyId) } as never,
  }),
  acceptTermination: (proposalId: number, party: Party, partyId?: string | null): ContractCommand => ({
    type: 'AcceptTermination',
    data: { proposalId, party, ...spokenBy(partyId) } as never,
  }),
  withdrawTermination: (proposalId: number, party: Party, partyId?: string | null): ContractCommand => ({
    type: 'WithdrawTerminationProposal',
    data: { proposalId, party, ...spokenBy(partyId) } as never,
  }),
  refer: (participantId: string, referredOn = '2018-12-01', intakeOutcome: 'accepted' | 'rejected' = 'accepted'): ContractCommand => ({
    type: 'ReferParticipant',
    data: { participantId, referredOn, intakeVariant: 'thorough', intakeOutcome },
  }),
  enrol: (participantId: string, enrolledOn: string): ContractCommand => ({ type: 'EnrolParticipant', data: { participantId, enrolledOn } }),
  withdraw: (participantId: string, withdrawnOn: string): ContractCommand => ({
    type: 'WithdrawParticipant',
    data: { participantId, withdrawnOn, reason: 'moved away' },
  }),
  start: (
    participantId: string,
    placementId: string,
    startDate: string,
    hoursPerWeek = 30,
    kind: 'ordinary' | 'flexjob' | 'education' = 'ordinary',
  ): ContractCommand => ({
    type: 'StartPlacement',
    data: { participantId, placementId, employerRef: 'employer-1', kind, hoursPerWeek, startDate },
  }),
  end: (participantId: string, placementId: string, endDate: string): ContractCommand => ({
    type: 'EndPlacement',
    data: { participantId, placementId, endDate, reason: 'contract ended' },
  }),
  correct: (
    participantId: string,
    placementId: string,
    fields: { startDate?: string; endDate?: string | null; hoursPerWeek?: number; kind?: 'ordinary' | 'flexjob' | 'education' },
  ): ContractCommand => ({
    type: 'CorrectPlacement',
    data: { participantId, placementId, ...fields, reason: 'register correction' },
  }),
  evidence: (participantId: string, placementId: string, evidenceId: string, periodFrom: string, periodTo: string): ContractCommand => ({
    type: 'RecordPayrollEvidence',
    data: { participantId, placementId, evidenceId, periodFrom, periodTo, source: 'eIndkomst', documentSha256: SHA },
  }),
  revoke: (participantId: string, evidenceId: string): ContractCommand => ({
    type: 'RevokePayrollEvidence',
    data: { participantId, evidenceId, reason: 'wrong employer' },
  }),
  week: (participantId: string, week: string, benefitPaid: boolean, source = 'DREAM'): ContractCommand => ({
    type: 'RecordBenefitWeek',
    data: { participantId, week, benefitPaid, source },
  }),
  confirm: (paymentId: string, reference: string, confirmedOn = '2019-12-01'): ContractCommand => ({
    type: 'ConfirmPayment',
    data: { paymentId, reference, confirmedOn },
  }),
  recover: (paymentId: string, reference: string, recoveredOn = '2019-12-15'): ContractCommand => ({
    type: 'ConfirmRecovery',
    data: { paymentId, reference, recoveredOn },
  }),
  /** Without `partyId`, the ContractHarness speaks as the contract's party (see run). */
  propose: (party: Party = 'commissioner', partyId?: string | null): ContractCommand => ({
    type: 'ProposeSettlement',
    data: { party, ...spokenBy(partyId) } as never,
  }),
  agree: (proposalId: number, party: Party, partyId?: string | null): ContractCommand => ({
    type: 'AgreeSettlement',
    data: { proposalId, party, ...spokenBy(partyId) } as never,
  }),
  withdrawProposal: (proposalId: number, party: Party, partyId?: string | null): ContractCommand => ({
    type: 'WithdrawSettlementProposal',
    data: { proposalId, party, ...spokenBy(partyId) } as never,
  }),
};

type Party = 'commissioner' | 'investor';

function spokenBy(partyId: string | null | undefined): { partyId?: string | null } {
  return partyId === undefined ? {} : { partyId };
}

export function weekRange(year: number, from: number, to: number): string[] {
  const out: string[] = [];
  for (let w = from; w <= to; w++) out.push(`${year}-W${String(w).padStart(2, '0')}`);
  return out;
}

export function outcomeEvents(events: readonly RecordedContractEvent[]) {
  return events.filter((e) => e.type === 'OutcomeVerified' || e.type === 'OutcomeReversed');
}
