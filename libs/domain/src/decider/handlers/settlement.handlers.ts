import { computeSettlement } from '../../settlement/compute-settlement.js';
import { settlementDigest } from '../../settlement/settlement-digest.js';
import type { Settlement } from '../../settlement/settlement.js';
import { DomainError } from '../../shared/domain.error.js';
import { addDays, type CivilDate } from '../../time/civil-date.js';
import type { CommandData } from '../contract.commands.js';
import { SETTLEMENT_PARTIES, settlementPaymentId, type ContractEvent, type SettlementParty } from '../contract.events.js';
import type { ContractState, SettlementProposalRecord } from '../contract.state.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';

// The settlement of a terminated contract as facts: proposed, accepted by both parties, agreed,
// paid (docs/rules.md §7 "Agreeing and paying"). Unlike participant facts, these are taken after
// the evidence grace too: that is when a settlement is final.

export function proposeSettlement(decision: Decision, data: CommandData<'ProposeSettlement'>): ContractEvent[] {
  const state = registered(decision.state);
  const proposedBy = requireParty(data.party);
  const settlement = settlementNow(decision);
  const linesSha256 = settlementDigest(settlement);
  const { proposals, agreement } = state.settlement;
  // The latest proposal still says what the settlement is: nothing new to propose.
  if (proposals.at(-1)?.linesSha256 === linesSha256) return [];
  if (agreement !== null) {
    throw new DomainError('conflict', 'settlement-already-agreed', `Proposal ${agreement.proposalId} has been agreed; the settlement cannot be proposed again.`);
  }
  const { computedAtVersion, terminatedOn, method, status, achieved, confirmed, future, due } = settlement;
  return [{
    type: 'SettlementProposed',
    data: { proposalId: proposals.length + 1, computedAtVersion, terminatedOn, method, status, achieved, confirmed, future, due, linesSha256, proposedBy },
  }];
}

export function agreeSettlement(decision: Decision, data: CommandData<'AgreeSettlement'>): ContractEvent[] {
  const state = registered(decision.state);
  const party = requireParty(data.party);
  const proposalId = requireProposalId(data.proposalId);
  const { proposals, agreement } = state.settlement;
  const proposal = proposals[proposalId - 1];
  if (proposal === undefined) {
    throw new DomainError('not-found', 'settlement-proposal-not-found', `No settlement proposal ${proposalId} has been made.`, { field: 'proposalId' });
  }
  if (agreement !== null) {
    if (agreement.proposalId === proposalId) return [];
    throw new DomainError('conflict', 'settlement-already-agreed', `Proposal ${agreement.proposalId} has been agreed, not proposal ${proposalId}.`, { field: 'proposalId' });
  }
  if (proposalId < proposals.length) {
    throw new DomainError('conflict', 'settlement-proposal-stale', `Proposal ${proposalId} was followed by proposal ${proposals.length}; agree the latest.`, { field: 'proposalId' });
  }
  const settlement = settlementNow(decision);
  if (settlementDigest(settlement) !== proposal.linesSha256) {
    throw new DomainError('conflict', 'settlement-proposal-stale', `A later fact changed the settlement since proposal ${proposalId}; propose again.`, { field: 'proposalId' });
  }
  if (settlement.status !== 'final') {
    throw new DomainError(
      'conflict', 'settlement-not-final',
      `The settlement is provisional: facts dated on or before ${settlement.terminatedOn} may still arrive until ${settlement.finalOn}; ` +
        `it can be agreed from ${addDays(settlement.finalOn, 1)}.`,
    );
  }
  if (proposal.acceptances.some((a) => a.party === party)) return [];
  const events: ContractEvent[] = [{ type: 'SettlementAccepted', data: { proposalId, party } }];
  if (acceptedByAllBut(proposal, party)) events.push(agreed(state, proposal));
  return events;
}

/**
 * The payment service's confirmation of an agreed settlement's payment: `SettlementPaid`,
 * idempotent by payment identity like an outcome's confirmation. Undefined when `paymentId` is not
 * the agreed settlement's.
 */
export function confirmSettlementPayment(
  state: ContractState,
  confirmation: { paymentId: string; reference: string; confirmedOn: CivilDate },
): ContractEvent[] | undefined {
  const { agreement, payment } = state.settlement;
  if (agreement === null || agreement.paymentId !== confirmation.paymentId) return undefined;
  if (payment !== null) {
    if (payment.reference === confirmation.reference) return [];
    throw new DomainError('conflict', 'payment-already-confirmed', `Payment ${agreement.paymentId} is already confirmed under another reference.`, { field: 'reference' });
  }
  return [{ type: 'SettlementPaid', data: { ...confirmation, amount: agreement.amount } }];
}

/** The settlement of the terminated contract as it stands at the decision's recording instant. */
function settlementNow(decision: Decision): Settlement {
  if (decision.now === undefined) {
    throw new DomainError('invalid', 'invalid-command', 'A settlement is decided at its recording instant: now is required.', { field: 'now' });
  }
  return computeSettlement(decision.state, { now: decision.now });
}

function acceptedByAllBut(proposal: SettlementProposalRecord, party: SettlementParty): boolean {
  return SETTLEMENT_PARTIES.every((p) => p === party || proposal.acceptances.some((a) => a.party === p));
}

function agreed(state: ContractState, proposal: SettlementProposalRecord): ContractEvent {
  const definition = state.definition!;
  return {
    type: 'SettlementAgreed',
    data: {
      proposalId: proposal.proposalId,
      paymentId: settlementPaymentId(definition.contractId, proposal.proposalId),
      amount: proposal.due,
      currency: definition.currency,
      terminatedOn: proposal.terminatedOn,
      method: proposal.method,
      linesSha256: proposal.linesSha256,
    },
  };
}

function requireParty(value: unknown): SettlementParty {
  if (!(SETTLEMENT_PARTIES as readonly unknown[]).includes(value)) {
    throw new DomainError('invalid', 'invalid-field', `party must be one of ${SETTLEMENT_PARTIES.join(', ')}.`, { field: 'party' });
  }
  return value as SettlementParty;
}

function requireProposalId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new DomainError('invalid', 'invalid-field', 'proposalId must be a whole number from 1.', { field: 'proposalId' });
  }
  return value;
}
