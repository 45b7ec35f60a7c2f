import type { ContractDefinition, ExpectedValueTermination, OutcomeDefinition } from '../contract/contract-definition.js';
import { triggerTypeOf } from '../verification/triggers/trigger.registry.js';
import type { OutcomeOutlook, ParticipantOutlook } from './participant-outlook.js';
import { kaplanMeier } from './kaplan-meier.js';
import type { SettlementRate, SurvivalTable } from './settlement.js';

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
 * estimate from the contract's own history, `estimated` or `kaplanMeier`.
 */
export function settlementRates(
  definition: ContractDefinition,
  terms: ExpectedValueTermination,
  outlooks: readonly ParticipantOutlook[],
  terminatedOn: number,
): SettlementRate[] {
  const rates: SettlementRate[] = [];
  const horizonDays = terms.horizonWeeks * 7;
  definition.outcomes.forEach((outcome, index) => {
    for (const stage of stagesOf(outcome, terms)) {
      const fallback = (sampleSize: number | null): SettlementRate => ({
        outcomeCode: outcome.code,
        stage,
        rate: terms.fallbackRate,
        sampleSize,
        source: 'fallback',
      });
      if (terms.rates !== 'estimated' && terms.rates !== 'kaplanMeier') {
        const agreed = terms.rates[outcome.code]?.[String(stage)];
        rates.push(agreed === undefined ? fallback(null) : { outcomeCode: outcome.code, stage, rate: agreed, sampleSize: null, source: 'agreed' });
        continue;
      }
      const units = sampleUnits(outlooks, index, outcome.maxPerParticipant, stage, terminatedOn);
      const estimated = (rate: string, sampleSize: number): SettlementRate => ({ outcomeCode: outcome.code, stage, rate, sampleSize, source: 'estimated' });
      if (terms.rates === 'kaplanMeier') {
        const { estimate, sampleSize, survival } = kaplanMeierEstimate(units, horizonDays, terminatedOn, terms.minSample);
        rates.push({ ...(estimate === undefined ? fallback(sampleSize) : estimated(estimate, sampleSize)), survival });
        continue;
      }
      const { counted, achieved } = countInHorizon(units, horizonDays, terminatedOn);
      rates.push(counted < terms.minSample ? fallback(counted) : estimated(`${achieved}/${counted}`, counted));
    }
  });
  return rates;
}

/** A sample unit: the day r it reached the stage towards its occurrence, and the day that occurrence was achieved (by T). */
interface SampleUnit {
  reached: number;
  achievedOn: number | undefined;
}

/**
 * Sample units are pairs (participant, occurrence j) that reached the stage towards j on a day r on
 * or before T: for stage 0 the enrolment (j = 1) or the achievement of j-1, else the first day the
 * progress towards j reached the stage. Withdrawn participants' units are among them.
 */
function sampleUnits(
  outlooks: readonly ParticipantOutlook[],
  outcomeIndex: number,
  maxPerParticipant: number,
  stage: number,
  terminatedOn: number,
): SampleUnit[] {
  const units: SampleUnit[] = [];
  for (const outlook of outlooks) {
    const outcome = outlook.outcomes[outcomeIndex];
    for (let j = 1; j <= maxPerParticipant; j++) {
      const reached = reachedOn(outlook, outcome, j, stage);
      if (reached !== undefined && reached <= terminatedOn) units.push({ reached, achievedOn: outcome.achievedOn[j - 1] });
    }
  }
  return units;
}

/**
 * `estimated`: a unit counts when j was achieved within the horizon after r (and by T: the outlook
 * holds nothing later), or when the horizon has passed by T; it is achieved in the first case.
 */
function countInHorizon(units: readonly SampleUnit[], horizonDays: number, terminatedOn: number): { counted: number; achieved: number } {
  let counted = 0;
  let achieved = 0;
  for (const { reached, achievedOn } of units) {
    const inTime = achievedOn !== undefined && achievedOn - reached <= horizonDays;
    if (inTime || terminatedOn - reached >= horizonDays) {
      counted++;
      if (inTime) achieved++;
    }
  }
  return { counted, achieved };
}

/**
 * `kaplanMeier`: each unit followed from r to its achievement, or censored at T (a withdrawn
 * participant's units too: not at the withdrawal). The estimate is 1 − S as `p/10000`, with every
 * unit as its sample size; undefined (the fallback rate applies) when fewer than minSample units are
 * determined at the horizon or no unit reaches it. The survival table goes with either.
 */
function kaplanMeierEstimate(
  units: readonly SampleUnit[],
  horizonDays: number,
  terminatedOn: number,
  minSample: number,
): { estimate: string | undefined; sampleSize: number; survival: SurvivalTable } {
  const followed = units.map(({ reached, achievedOn }) => ({
    followedDays: terminatedOn - reached,
    eventDay: achievedOn === undefined ? null : achievedOn - reached,
  }));
  const km = kaplanMeier(followed, horizonDays);
  return {
    estimate: km.determined < minSample || !km.reachesHorizon ? undefined : `${km.rate}/10000`,
    sampleSize: km.units,
    survival: { units: km.units, events: km.events, censored: km.censored, interval95: km.interval95 },
  };
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
