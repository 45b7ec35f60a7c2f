/** One participant's follow-up: `time` days from the origin to the event, or to censoring. */
export interface Observation {
  time: number;
  event: boolean;
}

/** The estimate at one time where something happened. */
export interface KaplanMeierStep {
  time: number;
  /** Still followed at `time` (no event and not censored before it). */
  atRisk: number;
  events: number;
  censored: number;
  /** Ŝ(time): the estimated share without the event by the end of `time`. */
  survival: number;
}

/**
 * The Kaplan–Meier product-limit estimate (1958): at each time with events, Ŝ is multiplied by
 * (1 − events/at risk). Ties: all events at one time count together; a participant censored at a
 * time with events is still at risk at that time (censoring is taken to happen just after).
 */
export function kaplanMeier(observations: readonly Observation[]): KaplanMeierStep[] {
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const { time, event } of observations) {
    const at = byTime.get(time) ?? { events: 0, censored: 0 };
    if (event) at.events += 1;
    else at.censored += 1;
    byTime.set(time, at);
  }
  const steps: KaplanMeierStep[] = [];
  let atRisk = observations.length;
  let survival = 1;
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(time)!;
    if (events > 0) survival *= 1 - events / atRisk;
    steps.push({ time, atRisk, events, censored, survival });
    atRisk -= events + censored;
  }
  return steps;
}

/** Ŝ(t) of a step function from kaplanMeier: right-continuous, 1 before the first event. */
export function survivalAt(steps: readonly KaplanMeierStep[], t: number): number {
  let survival = 1;
  for (const step of steps) {
    if (step.time > t) break;
    survival = step.survival;
  }
  return survival;
}

/** How many observations are still followed at time t (time ≥ t). */
export function atRiskAt(observations: readonly Observation[], t: number): number {
  return observations.reduce((n, o) => n + (o.time >= t ? 1 : 0), 0);
}
