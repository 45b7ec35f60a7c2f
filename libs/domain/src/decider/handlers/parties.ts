import type { ContractDefinition, ContractParties } from '../../contract/contract-definition.js';
import { DomainError } from '../../shared/domain.error.js';
import type { Speaker } from '../contract.commands.js';
import { SETTLEMENT_PARTIES, type PartyVoice, type SettlementParty } from '../contract.events.js';
import type { ProposalProgress } from '../contract.state.js';

// docs/rules.md §7 "Both parties, each for itself": what one party proposes takes effect only when
// the other accepts it, and each speaks through a principal of its own (its token names the party).

/** The party the speaker speaks for, checked against the contract's parties: 403 naming the party it would need. */
export function speakerVoice(definition: ContractDefinition, speaker: Speaker): PartyVoice {
  const party = requireParty(speaker.party);
  const partyId = definition.parties[party];
  if (typeof speaker.partyId !== 'string') {
    throw new DomainError(
      'forbidden',
      'party-required',
      `This is for the contract's ${party} party, ${partyId}, to say: use a token that speaks for it (create-token --party ${partyId}); this one speaks for no party.`,
    );
  }
  if (speaker.partyId !== partyId) {
    throw new DomainError(
      'forbidden',
      'wrong-party',
      `This is for the contract's ${party} party, ${partyId}, to say; this token speaks for ${speaker.partyId}.`,
    );
  }
  return { party, partyId };
}

function requireParty(value: unknown): SettlementParty {
  if (!(SETTLEMENT_PARTIES as readonly unknown[]).includes(value)) {
    throw new DomainError('invalid', 'invalid-field', `party must be one of ${SETTLEMENT_PARTIES.join(', ')}.`, { field: 'party' });
  }
  return value as SettlementParty;
}

export function otherParty(party: SettlementParty): SettlementParty {
  return party === 'commissioner' ? 'investor' : 'commissioner';
}

export function requireProposalId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new DomainError('invalid', 'invalid-field', 'proposalId must be a whole number from 1.', { field: 'proposalId' });
  }
  return value;
}

/** A proposal as the party answering it needs it: who made it and how far it has come. */
export interface ProposalOf extends ProposalProgress {
  proposalId: number;
  proposedBy: SettlementParty;
  proposedByParty: string;
}

/** What the proposals are about, for codes and messages: `settlement-proposal-…`, `termination-proposal-…`. */
export type ProposalSubject = 'settlement' | 'termination';

export function proposalOf<P extends ProposalOf>(proposals: readonly P[], proposalId: number, subject: ProposalSubject): P {
  const proposal = proposals[proposalId - 1];
  if (proposal === undefined) {
    throw new DomainError('not-found', `${subject}-proposal-not-found`, `No ${subject} proposal ${proposalId} has been made.`, { field: 'proposalId' });
  }
  return proposal;
}

/**
 * The other party's acceptance of a proposal still open: not withdrawn, the latest, and not its
 * own. Returns nothing when the speaker already accepted it (a repeat).
 */
export function checkAcceptance(
  parties: ContractParties,
  proposals: readonly ProposalOf[],
  proposal: ProposalOf,
  voice: PartyVoice,
  subject: ProposalSubject,
): 'accept' | 'already' {
  if (proposal.acceptance !== null) {
    if (proposal.acceptance.party === voice.party) return 'already';
    throw new DomainError('conflict', `${subject}-proposal-accepted`, `Proposal ${proposal.proposalId} has been accepted already.`, { field: 'proposalId' });
  }
  if (proposal.withdrawal !== null) {
    throw new DomainError(
      'conflict',
      `${subject}-proposal-withdrawn`,
      `Proposal ${proposal.proposalId} was withdrawn by the ${proposal.withdrawal.party} party, ${proposal.withdrawal.partyId}; it can no longer be accepted.`,
      { field: 'proposalId' },
    );
  }
  if (proposal.proposedBy === voice.party) {
    const other = otherParty(voice.party);
    throw new DomainError(
      'forbidden',
      'wrong-party',
      `Proposal ${proposal.proposalId} was made by the ${proposal.proposedBy} party, ${proposal.proposedByParty}, which accepted it by making it; ` +
        `the ${other} party, ${parties[other]}, accepts it.`,
    );
  }
  if (proposal.proposalId < proposals.length) {
    throw new DomainError(
      'conflict',
      `${subject}-proposal-stale`,
      `Proposal ${proposal.proposalId} was followed by proposal ${proposals.length}; answer the latest.`,
      { field: 'proposalId' },
    );
  }
  return 'accept';
}

/**
 * The withdrawal of a proposal by the party that made it, before it is accepted. Returns 'already'
 * for a proposal withdrawn before (a repeat).
 */
export function checkWithdrawal(proposal: ProposalOf, voice: PartyVoice, subject: ProposalSubject): 'withdraw' | 'already' {
  if (proposal.proposedBy !== voice.party) {
    throw new DomainError(
      'forbidden',
      'wrong-party',
      `Proposal ${proposal.proposalId} was made by the ${proposal.proposedBy} party, ${proposal.proposedByParty}: only it can withdraw it.`,
    );
  }
  if (proposal.withdrawal !== null) return 'already';
  if (proposal.acceptance !== null) {
    throw new DomainError(
      'conflict',
      `${subject}-proposal-accepted`,
      `Proposal ${proposal.proposalId} was accepted by the ${proposal.acceptance.party} party, ${proposal.acceptance.partyId}; it can no longer be withdrawn.`,
      { field: 'proposalId' },
    );
  }
  return 'withdraw';
}
