import { TERMINATION_METHODS, type ContractDefinition, type TerminationTerms } from '../../contract/contract-definition.js';
import { validateTerminationTerms } from '../../contract/contract-definition.validator.js';
import { contractWindow } from '../../contract/contract-window.js';
import { sameJson } from '../../shared/canonical-json.js';
import { DomainError } from '../../shared/domain.error.js';
import { describeValidationErrors } from '../../shared/validation-error.js';
import type { CivilDate } from '../../time/civil-date.js';
import { requireDate, requireText } from '../command-fields.js';
import { answerOf, speakerOf, type CommandSpecs, type FactData } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import { REVERSAL_REASONS, type ContractEvent, type TerminationMethodAgreement } from '../contract.events.js';
import type { ContractState } from '../contract.state.js';
import { deriveOutcomes } from '../outcome-derivation.js';
import type { Decision } from './decision.js';
import { insidePeriod, registered, terminated } from './guards.js';
import { checkAcceptance, checkWithdrawal, proposalOf, requireProposalId, speakerVoice } from './parties.js';

// An early termination (docs/rules.md §7). On the contract's own terms the commissioner records it
// alone; on other terms one party proposes it and it takes effect when the other party accepts.

export function terminateContract(decision: Decision, data: CommandData<'TerminateContract'>): ContractEvent[] {
  const state = registered(decision.state);
  const definition = state.definition!;
  const effectiveOn = requireDate(data.effectiveOn, 'effectiveOn');
  const reason = requireText(data.reason, 'reason');
  const terms = terminationTerms(definition, data.method);
  if (state.termination !== null) {
    if (state.termination.effectiveOn === effectiveOn && sameJson(state.termination.terms, terms)) return [];
    throw terminated();
  }
  if (!sameJson(terms, definition.termination)) {
    throw new DomainError(
      'conflict',
      'termination-terms-not-agreed',
      "Terms other than the contract's take both parties: one proposes them (POST …/termination/proposals), the other accepts.",
      { field: 'method' },
    );
  }
  return terminationEvents(decision, { effectiveOn, reason, terms });
}

export function proposeTermination(decision: Decision, data: CommandData<'ProposeTermination'>): ContractEvent[] {
  const state = registered(decision.state);
  const definition = state.definition!;
  const voice = speakerVoice(definition, data);
  const effectiveOn = requireDate(data.effectiveOn, 'effectiveOn');
  const reason = requireText(data.reason, 'reason');
  const terms = terminationTerms(definition, data.method);
  if (state.termination !== null) throw terminated();
  insidePeriod(state, effectiveOn, 'effectiveOn');
  const proposals = state.terminationProposals;
  const latest = proposals.at(-1);
  const same =
    latest !== undefined &&
    latest.acceptance === null &&
    latest.withdrawal === null &&
    latest.proposedBy === voice.party &&
    latest.effectiveOn === effectiveOn &&
    latest.reason === reason &&
    sameJson(latest.terms, terms);
  if (same) return [];
  return [
    {
      type: 'TerminationProposed',
      data: { proposalId: proposals.length + 1, effectiveOn, reason, method: terms.method, terms, proposedBy: voice.party, proposedByParty: voice.partyId },
    },
  ];
}

export function acceptTermination(decision: Decision, data: CommandData<'AcceptTermination'>): ContractEvent[] {
  const state = registered(decision.state);
  const voice = speakerVoice(state.definition!, data);
  const proposalId = requireProposalId(data.proposalId);
  const proposals = state.terminationProposals;
  const proposal = proposalOf(proposals, proposalId, 'termination');
  if (state.termination !== null) {
    if (state.termination.methodAgreement?.proposalId === proposalId) return [];
    throw terminated();
  }
  if (checkAcceptance(state.definition!.parties, proposals, proposal, voice, 'termination') === 'already') return [];
  if (proposal.position < state.terms.at(-1)!.position) {
    throw new DomainError('conflict', 'termination-proposal-stale', `The contract was amended after proposal ${proposalId}; propose again.`, {
      field: 'proposalId',
    });
  }
  const methodAgreement: TerminationMethodAgreement = {
    proposalId,
    proposedBy: { party: proposal.proposedBy, partyId: proposal.proposedByParty },
    acceptedBy: voice,
  };
  const accepted: ContractEvent = { type: 'TerminationAccepted', data: { proposalId, ...voice } };
  const { effectiveOn, reason, terms } = proposal;
  return [accepted, ...terminationEvents({ ...decision, nextVersion: decision.nextVersion + 1 }, { effectiveOn, reason, terms, methodAgreement })];
}

export function withdrawTerminationProposal(decision: Decision, data: CommandData<'WithdrawTerminationProposal'>): ContractEvent[] {
  const state = registered(decision.state);
  const voice = speakerVoice(state.definition!, data);
  const proposalId = requireProposalId(data.proposalId);
  const proposal = proposalOf(state.terminationProposals, proposalId, 'termination');
  if (checkWithdrawal(proposal, voice, 'termination') === 'already') return [];
  return [{ type: 'TerminationProposalWithdrawn', data: { proposalId, ...voice } }];
}

export interface TerminationDecided {
  effectiveOn: CivilDate;
  reason: string;
  /** Checked terms. */
  terms: TerminationTerms;
  methodAgreement?: TerminationMethodAgreement;
}

/**
 * The termination itself, on terms already agreed (the contract's, or both parties'): the fact at
 * the decision's next version, then every occurrence the narrowed window no longer holds reversed and
 * any it newly holds verified (§7). The what-if decides its termination through this too.
 */
export function terminationEvents(decision: Decision, termination: TerminationDecided): ContractEvent[] {
  const state: ContractState = decision.state;
  const definition = state.definition!;
  const { effectiveOn, reason, terms, methodAgreement } = termination;
  insidePeriod(state, effectiveOn, 'effectiveOn');
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: definition.contractId,
    definition,
    termsVersion: state.termsVersion,
    window: contractWindow(definition, { effectiveOn, terms }),
    subjects: [...state.participants.values()].map((p) => ({ participantId: p.participantId, facts: p.facts })),
    causePosition: decision.nextVersion,
    reversalReason: REVERSAL_REASONS.afterTermination,
  });
  return [
    { type: 'ContractTerminated', data: { effectiveOn, reason, method: terms.method, terms, ...(methodAgreement === undefined ? {} : { methodAgreement }) } },
    ...reversals,
    ...verifications,
  ];
}

/** The terms a termination names: none or the contract's method by name (its own terms), or terms in full. */
export function terminationTerms(definition: ContractDefinition, method: unknown): TerminationTerms {
  if (method === undefined || method === null || method === definition.termination.method) return definition.termination;
  if (typeof method === 'string') {
    if ((TERMINATION_METHODS as readonly string[]).includes(method)) {
      throw new DomainError('conflict', 'termination-terms-required', `The contract defines no terms for ${method}; give the terms in full.`, {
        field: 'method',
      });
    }
    throw new DomainError('invalid', 'invalid-termination-method', `method must be one of ${TERMINATION_METHODS.join(', ')}, or terms in full.`, {
      field: 'method',
    });
  }
  const result = validateTerminationTerms(
    method,
    definition.outcomes.map((o) => o.code),
  );
  if (!result.ok) {
    throw new DomainError('invalid', 'invalid-termination-method', `The termination terms are inconsistent: ${describeValidationErrors(result.errors)}`, {
      field: 'method',
      details: result.errors,
    });
  }
  return result.value;
}

/** An early termination: on the contract's own terms, or proposed by one party and accepted by the other. */
export const TERMINATION_COMMANDS = {
  TerminateContract: { facts: { ContractTerminated: terminationOf }, importable: false, decide: terminateContract },
  ProposeTermination: {
    facts: { TerminationProposed: (d) => ({ ...terminationOf(d), ...speakerOf({ party: d.proposedBy, partyId: d.proposedByParty }) }) },
    importable: false,
    decide: proposeTermination,
  },
  AcceptTermination: { facts: { TerminationAccepted: answerOf }, importable: false, decide: acceptTermination },
  WithdrawTerminationProposal: { facts: { TerminationProposalWithdrawn: answerOf }, importable: false, decide: withdrawTerminationProposal },
} as const satisfies CommandSpecs;

/** A termination's date, reason and terms, read back from its fact: the terms in force, given in full, decide the same as the method they were chosen by. */
function terminationOf(d: FactData): Pick<CommandData<'ProposeTermination'>, 'effectiveOn' | 'reason' | 'method'> {
  return { effectiveOn: d.effectiveOn as string, reason: d.reason as string, method: d.terms as TerminationTerms };
}
