import { capHeadroom } from '../contract/cap-headroom.js';
import type { ContractDefinition, ExpectedValueTermination } from '../contract/contract-definition.js';
import type { ContractState } from '../decider/contract.state.js';
import { parseFraction } from '../money/fraction.js';
import { mulDivHalfUp } from '../money/money.js';
import { cutInOrder, scaleToHeadroom } from './cap-cuts.js';
import type { ParticipantOutlook } from './participant-outlook.js';
import { rateKey, stageAt } from './settlement-rates.js';
import type { SettlementLine, SettlementRate } from './settlement.js';

/**
 * docs/rules.md §7 "Future part": for each participant active at T (outlooks come in participant id
 * order) and each outcome with occurrences left, a line for the next occurrence at
 * price * rate of its stage, rounded half-up. Each participant's lines are cut, in definition
 * order, to the participant's cap headroom; then, if all lines exceed the contract's headroom,
 * they are scaled down to it exactly.
 */
export function futureLines(
  state: ContractState,
  definition: ContractDefinition,
  terms: ExpectedValueTermination,
  outlooks: readonly ParticipantOutlook[],
  rates: readonly SettlementRate[],
  terminatedOn: number,
): SettlementLine[] {
  // Each rate's fraction parsed once, not once per line.
  const rateOf = new Map(rates.map((rate) => [rateKey(rate.outcomeCode, rate.stage), { rate, fraction: parseFraction(rate.rate)! }]));
  const lines: SettlementLine[] = [];
  for (const outlook of outlooks) {
    if (!outlook.activeAtT) continue;
    const own: SettlementLine[] = [];
    definition.outcomes.forEach((outcome, i) => {
      const { achievedOn, progress } = outlook.outcomes[i];
      if (achievedOn.length >= outcome.maxPerParticipant) return;
      const days = progress.on(terminatedOn);
      const stage = stageAt(terms.stageDays, days);
      const { rate, fraction } = rateOf.get(rateKey(outcome.code, stage))!;
      const { numerator, denominator } = fraction;
      own.push({
        participantId: outlook.participant.participantId,
        outcomeCode: outcome.code,
        occurrence: achievedOn.length + 1,
        stage,
        progress: days,
        rate: rate.rate,
        sampleSize: rate.sampleSize,
        amount: mulDivHalfUp(outcome.price, numerator, denominator),
        cutBy: null,
      });
    });
    const headroom = capHeadroom(definition.caps.perParticipant, outlook.participant.totals.committed);
    const cut = cutInOrder(
      own.map((line) => line.amount),
      headroom,
    );
    own.forEach((line, i) => lines.push(cut[i] < line.amount ? { ...line, amount: cut[i], cutBy: 'participant-cap' } : line));
  }
  const scaled = scaleToHeadroom(
    lines.map((line) => line.amount),
    capHeadroom(definition.caps.total, state.totals.committed),
  );
  return lines.map((line, i) => (scaled[i] < line.amount ? { ...line, amount: scaled[i], cutBy: line.cutBy ?? 'contract-cap' } : line));
}
