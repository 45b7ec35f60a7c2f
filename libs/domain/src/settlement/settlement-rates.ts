import type { ContractDefinition, ExpectedValueTermination, OutcomeDefinition } from '../contract/contract-definition.js';
import { triggerTypeOf } from '../verification/triggers/trigger.registry.js';
import type { OutcomeOutlook, ParticipantOutlook } from './participant-outlook.js';
import type { SettlementRate } from './settlement.js';

/** The stages an outcome is rated at: every value of stageDays, or only 0 for a trigger without progress. */
export function stagesOf(outcome: OutcomeDefinition, terms: ExpectedValueTermination): readonly number[] {
  return triggerTypeOf(outcome.trigger.type).staged ? terms.stageDays : [0];
}

export function rateKey(outcomeCode: string, stage: number): string {
  return `${outcomeCode} ${stage}`;
}

/**
 * docs/rules.md §7 "Rates", for every outcome (definition order) at every stage (ascending): the
 * agreed table's fraction as written (a stage the table leaves out takes the fallback rate), or the
 * estimate from the contract's own history.
 */
export function settlementRates(
  definition: ContractDefinition,
  terms: ExpectedValueTermination,
  outlooks: readonly ParticipantOutlook[],
  terminatedOn: number,
): SettlementRate[] {
  const rates: SettlementRate[] = [];
  definition.outcomes.forEach((outcome, index) => {
    for (const stage of stagesOf(outcome, terms)) {
      if (terms.rates !== 'estimated') {
        const agreed = terms.rates[outcome.code]?.[String(stage)];
        rates.push(
          agreed === undefined
            ? { outcomeCode: outcome.code, stage, rate: terms.fallbackRate, sampleSize: null, source: 'fallback' }
            : { outcomeCode: outcome.code, stage, rate: agreed, sampleSize: null, source: 'agreed' },
        );
        continue;
      }
      const { counted, achieved } = sample(outlooks, index, outcome.maxPerParticipant, stage, terms.horizonWeeks * 7, terminatedOn);
      rates.push(
        counted < terms.minSample
          ? { outcomeCode: outcome.code, stage, rate: terms.fallbackRate, sampleSize: counted, source: 'fallback' }
          : { outcomeCode: outcome.code, stage, rate: `${achieved}/${counted}`, sampleSize: counted, source: 'estimated' },
      );
    }
  });
  return rates;
}

/**
 * Sample units are pairs (participant, occurrence j) that reached the stage towards j on a day r on
 * or before T: for stage 0 the enrolment (j = 1) or the achievement of j-1, else the first day the
 * progress towards j reached the stage. A unit counts when j was achieved within the horizon after
 * r (and by T: the outlook holds nothing later), or when the horizon has passed by T; it is achieved
 * in the first case.
 */
function sample(
  outlooks: readonly ParticipantOutlook[],
  outcomeIndex: number,
  maxPerParticipant: number,
  stage: number,
  horizonDays: number,
  terminatedOn: number,
): { counted: number; achieved: number } {
  let counted = 0;
  let achieved = 0;
  for (const outlook of outlooks) {
    const outcome = outlook.outcomes[outcomeIndex];
    for (let j = 1; j <= maxPerParticipant; j++) {
      const reached = reachedOn(outlook, outcome, j, stage);
      if (reached === undefined || reached > terminatedOn) continue;
      const achievedOn = outcome.achievedOn[j - 1];
      const inTime = achievedOn !== undefined && achievedOn - reached <= horizonDays;
      if (inTime || terminatedOn - reached >= horizonDays) {
        counted++;
        if (inTime) achieved++;
      }
    }
  }
  return { counted, achieved };
}

function reachedOn(outlook: ParticipantOutlook, outcome: OutcomeOutlook, occurrence: number, stage: number): number | undefined {
  if (stage > 0) return outcome.progress.firstReached(occurrence, stage);
  return occurrence === 1 ? outlook.enrolledOn : outcome.achievedOn[occurrence - 2];
}

/** The stage of a progress: the largest value of stageDays not above it (stageDays[0] is 0). */
export function stageAt(stageDays: readonly number[], progress: number): number {
  let stage = 0;
  for (const bound of stageDays) if (bound <= progress) stage = bound;
  return stage;
}
