import { contractWindow } from '../../contract/contract-window.js';
import { REVERSAL_REASONS, type ContractEvent, type ParticipantFactEvent } from '../contract.events.js';
import type { ContractState, ParticipantState } from '../contract.state.js';
import { deriveOutcomes } from '../outcome-derivation.js';
import { withParticipantFact } from '../participant-facts.projection.js';

/** What a command handler decides against: the state before the command, where its events go, and when. */
export interface Decision {
  state: ContractState;
  /** Stream version the first decided event will get. */
  nextVersion: number;
  /** Recording instant (ISO-8601 UTC); when given, facts after a termination's grace end are refused. */
  now: string | undefined;
}

/** The fact, followed by the outcome events it causes for its participant (§5). */
export function withOutcomes(decision: Decision, participant: ParticipantState, fact: ParticipantFactEvent): ContractEvent[] {
  const { state } = decision;
  const definition = state.definition!;
  const facts = withParticipantFact(participant.facts, fact, decision.nextVersion);
  const { reversals, verifications } = deriveOutcomes({
    state,
    contractId: definition.contractId,
    definition,
    termsVersion: state.termsVersion,
    window: contractWindow(definition, state.termination),
    subjects: [{ participantId: participant.participantId, facts }],
    causePosition: decision.nextVersion,
    reversalReason: REVERSAL_REASONS.noLongerHolds,
  });
  return [fact, ...reversals, ...verifications];
}
