import { paymentStateOf, openAmountOfEntry } from '../../payments/contract-payments.js';
import { computeSettlement } from '../../settlement/compute-settlement.js';
import { settlementDigest } from '../../settlement/settlement-digest.js';
import type { Settlement } from '../../settlement/settlement.js';
import { DomainError } from '../../shared/domain.error.js';
import { addDays } from '../../time/civil-date.js';
import { answerOf, speakerOf, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import { settlementPaymentId, type ContractEvent, type PaymentSuperseded } from '../contract.events.js';
import type { ContractState, SettlementProposalRecord } from '../contract.state.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';
import { checkAcceptance, checkWithdrawal, proposalOf, requireProposalId, speakerVoice } from './parties.js';

// The settlement of a terminated contract as facts (docs/rules.md §7 "Agreeing and paying"): one
// party proposes it (and so accepts it), the other accepts it once final, and the agreement nets
// every open amount of the contract into one payment. Unlike participant facts, these are taken
// after the evidence grace too: that is when a settlement is final.

export function proposeSettlement(decision: Decision, data: CommandData<'ProposeSettlement'>): ContractEvent[] {
  const state = registered(decision.state);
  const voice = speakerVoice(state.definition!, data);
  const settlement = settlementNow(decision);
  const linesSha256 = settlementDigest(settlement);
  const { proposals, agreement } = state.settlement;
  const open = latestOpen(proposals);
  // The latest open proposal still says what the settlement is: nothing new to propose.
  if (open?.linesSha256 === linesSha256) {
    if (open.proposedBy === voice.party) return [];
    throw new DomainError(
      'conflict',
      'settlement-proposal-open',
      `Proposal ${open.proposalId} of the ${open.proposedBy} party already says what the settlement is: accept it (…/settlement/proposals/${open.proposalId}/agreement).`,
    );
  }
  if (agreement !== null) {
    throw new DomainError(
      'conflict',
      'settlement-already-agreed',
      `Proposal ${agreement.proposalId} has been agreed; the settlement cannot be proposed again.`,
    );
  }
  const { computedAtVersion, terminatedOn, method, status, achieved, confirmed, future, due } = settlement;
  return [
    {
      type: 'SettlementProposed',
      data: {
        proposalId: proposals.length + 1,
        computedAtVersion,
        terminatedOn,
        method,
        status,
        achieved,
        confirmed,
        future,
        due,
        linesSha256,
        proposedBy: voice.party,
        proposedByParty: voice.partyId,
      },
    },
  ];
}

export function agreeSettlement(decision: Decision, data: CommandData<'AgreeSettlement'>): ContractEvent[] {
  const state = registered(decision.state);
  const voice = speakerVoice(state.definition!, data);
  const proposalId = requireProposalId(data.proposalId);
  const { proposals, agreement } = state.settlement;
  const proposal = proposalOf(proposals, proposalId, 'settlement');
  if (agreement !== null) {
    if (agreement.proposalId === proposalId) return [];
    throw new DomainError('conflict', 'settlement-already-agreed', `Proposal ${agreement.proposalId} has been agreed, not proposal ${proposalId}.`, {
      field: 'proposalId',
    });
  }
  if (checkAcceptance(state.definition!.parties, proposals, proposal, voice, 'settlement') === 'already') return [];
  const settlement = settlementNow(decision);
  if (settlementDigest(settlement) !== proposal.linesSha256) {
    throw new DomainError('conflict', 'settlement-proposal-stale', `A later fact changed the settlement since proposal ${proposalId}; propose again.`, {
      field: 'proposalId',
    });
  }
  if (settlement.status !== 'final') {
    throw new DomainError(
      'conflict',
      'settlement-not-final',
      `The settlement is provisional: facts dated on or before ${settlement.terminatedOn} may still arrive until ${settlement.finalOn}; ` +
        `it can be agreed from ${addDays(settlement.finalOn, 1)}.`,
    );
  }
  return [{ type: 'SettlementAccepted', data: { proposalId, ...voice } }, ...agreed(state, proposal)];
}

export function withdrawSettlementProposal(decision: Decision, data: CommandData<'WithdrawSettlementProposal'>): ContractEvent[] {
  const state = registered(decision.state);
  const voice = speakerVoice(state.definition!, data);
  const proposalId = requireProposalId(data.proposalId);
  const proposal = proposalOf(state.settlement.proposals, proposalId, 'settlement');
  if (checkWithdrawal(proposal, voice, 'settlement') === 'already') return [];
  return [{ type: 'SettlementProposalWithdrawn', data: { proposalId, ...voice } }];
}

/** The settlement of the terminated contract as it stands at the decision's recording instant. */
function settlementNow(decision: Decision): Settlement {
  if (decision.now === undefined) {
    throw new DomainError('invalid', 'invalid-command', 'A settlement is decided at its recording instant: now is required.', { field: 'now' });
  }
  return computeSettlement(decision.state, { now: decision.now });
}

/** The latest proposal when it is still open: neither withdrawn nor accepted. */
function latestOpen(proposals: readonly SettlementProposalRecord[]): SettlementProposalRecord | undefined {
  const latest = proposals.at(-1);
  return latest?.withdrawal === null && latest.acceptance === null ? latest : undefined;
}

/**
 * The agreement: the proposal's `due` as one payment, superseding every open amount it nets (each
 * outcome payment due, each payment to recover), in the order they were verified.
 */
function agreed(state: ContractState, proposal: SettlementProposalRecord): ContractEvent[] {
  const definition = state.definition!;
  const paymentId = settlementPaymentId(definition.contractId, proposal.proposalId);
  const superseded: PaymentSuperseded[] = [];
  for (const entry of state.ledger.values()) {
    const paymentState = paymentStateOf(entry);
    if (paymentState !== 'due' && paymentState !== 'to-recover') continue;
    superseded.push({
      type: 'PaymentSuperseded',
      data: { paymentId: entry.paymentId, settlementPaymentId: paymentId, amount: openAmountOfEntry(entry, paymentState) },
    });
  }
  return [
    {
      type: 'SettlementAgreed',
      data: {
        proposalId: proposal.proposalId,
        paymentId,
        amount: proposal.due,
        currency: definition.currency,
        terminatedOn: proposal.terminatedOn,
        method: proposal.method,
        linesSha256: proposal.linesSha256,
        supersedes: superseded.map((s) => s.data.paymentId),
      },
    },
    ...superseded,
  ];
}

/** The settlement of a terminated contract, proposed by one party and accepted by the other. */
export const SETTLEMENT_COMMANDS = {
  ProposeSettlement: {
    facts: { SettlementProposed: (d) => speakerOf({ party: d.proposedBy, partyId: d.proposedByParty }) },
    importable: false,
    decide: proposeSettlement,
  },
  AgreeSettlement: { facts: { SettlementAccepted: answerOf }, importable: false, decide: agreeSettlement },
  WithdrawSettlementProposal: { facts: { SettlementProposalWithdrawn: answerOf }, importable: false, decide: withdrawSettlementProposal },
} as const satisfies CommandSpecs;
