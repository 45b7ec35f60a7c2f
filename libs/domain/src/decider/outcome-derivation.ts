import { capHeadroom } from '../contract/cap-headroom.js';
import type { ContractDefinition } from '../contract/contract-definition.js';
import type { ContractWindow } from '../contract/contract-window.js';
import { negate } from '../money/money.js';
import { compareStrings } from '../shared/sorted-unique.js';
import { compareDates } from '../time/civil-date.js';
import { occurrenceKey, type Achievement } from '../verification/achievement.js';
import { evaluateParticipant } from '../verification/evaluate-participant.js';
import type { ParticipantFacts } from '../verification/participant-facts.js';
import { paymentIdentity, type CapReason, type OutcomeReversed, type OutcomeVerified } from './contract.events.js';
import type { ContractState, LedgerEntry } from './contract.state.js';

export interface OutcomeDerivationInput {
  /** The state before the fact: its ledger and totals are what the fact is diffed against. */
  state: ContractState;
  contractId: string;
  /** Terms in force once the fact is applied. */
  definition: ContractDefinition;
  termsVersion: number;
  window: ContractWindow;
  /** The participants to re-evaluate, with their facts as they are once the fact is applied. */
  subjects: readonly { participantId: string; facts: ParticipantFacts }[];
  /** Position of the fact that caused this derivation; a reversal's provenance. */
  causePosition: number;
  reversalReason: string;
}

export interface DerivedOutcomes {
  reversals: OutcomeReversed[];
  verifications: OutcomeVerified[];
}

/**
 * §5 "Amounts and caps" and "Reversal": re-evaluates the subjects and diffs the result against the
 * ledger of verified, unreversed occurrences. Occurrences no longer achieved are reversed first
 * (giving their amounts back to both headrooms); then newly achieved ones are verified by
 * achievement date, outcome order in the definition, occurrence and participant, each at
 * min(price, participant headroom, contract headroom). An occurrence still achieved is left alone,
 * whatever happened to its date or provenance; a capped one is never topped up.
 */
export function deriveOutcomes(input: OutcomeDerivationInput): DerivedOutcomes {
  const { state, definition } = input;
  const outcomeOrder = new Map(definition.outcomes.map((o, i) => [o.code, i] as const));
  const orderOf = (code: string): number => outcomeOrder.get(code) ?? Number.MAX_SAFE_INTEGER;

  const reversed: LedgerEntry[] = [];
  const candidates: { participantId: string; achievement: Achievement }[] = [];
  const participantCommitted = new Map<string, number>();
  let contractCommitted = state.totals.committed;

  for (const { participantId, facts } of input.subjects) {
    const participant = state.participants.get(participantId);
    const achieved = evaluateParticipant(definition, facts, input.window);
    const achievedKeys = new Set(achieved.map((a) => occurrenceKey(a.outcomeCode, a.occurrence)));
    let committed = participant?.totals.committed ?? 0;
    for (const [key, paymentId] of participant?.verified ?? []) {
      if (achievedKeys.has(key)) continue;
      const entry = state.ledger.get(paymentId)!;
      reversed.push(entry);
      committed -= entry.amount;
      contractCommitted -= entry.amount;
    }
    participantCommitted.set(participantId, committed);
    for (const achievement of achieved) {
      if (!participant?.verified.has(occurrenceKey(achievement.outcomeCode, achievement.occurrence))) {
        candidates.push({ participantId, achievement });
      }
    }
  }

  reversed.sort(
    (a, b) =>
      compareDates(a.achievedOn, b.achievedOn) ||
      orderOf(a.outcomeCode) - orderOf(b.outcomeCode) ||
      a.occurrence - b.occurrence ||
      compareStrings(a.participantId, b.participantId),
  );
  const reversals: OutcomeReversed[] = reversed.map((entry) => ({
    type: 'OutcomeReversed',
    data: {
      paymentId: entry.paymentId,
      participantId: entry.participantId,
      outcomeCode: entry.outcomeCode,
      occurrence: entry.occurrence,
      revision: entry.revision,
      amount: negate(entry.amount),
      reason: input.reversalReason,
      provenance: [input.causePosition],
    },
  }));

  candidates.sort(
    (a, b) =>
      compareDates(a.achievement.achievedOn, b.achievement.achievedOn) ||
      orderOf(a.achievement.outcomeCode) - orderOf(b.achievement.outcomeCode) ||
      a.achievement.occurrence - b.achievement.occurrence ||
      compareStrings(a.participantId, b.participantId),
  );
  const verifications: OutcomeVerified[] = candidates.map(({ participantId, achievement }) => {
    const outcome = definition.outcomes[orderOf(achievement.outcomeCode)];
    const committed = participantCommitted.get(participantId)!;
    const participantHeadroom = capHeadroom(definition.caps.perParticipant, committed);
    const contractHeadroom = capHeadroom(definition.caps.total, contractCommitted);
    const amount = Math.min(outcome.price, participantHeadroom, contractHeadroom);
    const capReason: CapReason | null = amount >= outcome.price ? null : participantHeadroom <= contractHeadroom ? 'participant-cap' : 'contract-cap';
    participantCommitted.set(participantId, committed + amount);
    contractCommitted += amount;
    const key = occurrenceKey(achievement.outcomeCode, achievement.occurrence);
    const revision = (state.participants.get(participantId)?.revisions.get(key) ?? 0) + 1;
    return {
      type: 'OutcomeVerified',
      data: {
        paymentId: paymentIdentity(input.contractId, participantId, achievement.outcomeCode, achievement.occurrence, revision),
        participantId,
        outcomeCode: achievement.outcomeCode,
        occurrence: achievement.occurrence,
        revision,
        achievedOn: achievement.achievedOn,
        price: outcome.price,
        amount,
        capReason,
        termsVersion: input.termsVersion,
        provenance: achievement.provenance,
      },
    };
  });

  return { reversals, verifications };
}
