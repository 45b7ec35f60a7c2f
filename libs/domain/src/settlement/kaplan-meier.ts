/**
 * The Kaplan–Meier (product-limit) estimator of docs/rules.md §7 "Rates kaplanMeier", over sample
 * units followed from the day r each reached its stage. Pure: the settlement decides from what it
 * returns whether the estimate or the fallback rate applies.
 *
 * S, the share of units that have not achieved their occurrence by the horizon H, is computed
 * exactly as a fraction of BigInts (reduced at every step: with many units the terms' product
 * outgrows any float); the rate 1 − S is rounded half-up to 1/10000. The 95 % interval is
 * information only, in floating point.
 */

/** One sample unit, in days counted from r. */
export interface FollowedUnit {
  /** T − r: how long the unit was followed (0 or more). */
  followedDays: number;
  /** a − r when its occurrence was achieved on day a (by T, so at most followedDays); null when it was not. */
  eventDay: number | null;
}

/** One factor of the product: on `day`, `atRisk` units still followed (n_t), `events` achieving (d_t). */
export interface ProductLimitStep {
  day: number;
  atRisk: number;
  events: number;
}

/** A 95 % confidence interval of the rate 1 − S, rounded to 4 decimals. */
export interface RateInterval {
  lower: number;
  upper: number;
}

export interface KaplanMeierEstimate {
  /** S at the horizon, exactly and reduced (1/1 when no unit achieved by H). */
  survival: { numerator: bigint; denominator: bigint };
  /** The event days from 0 to H, ascending. */
  steps: ProductLimitStep[];
  /** 1 − S in ten-thousandths, rounded half-up: the rate is `${rate}/10000`. */
  rate: number;
  units: number;
  /** Units whose event day is at most H. */
  events: number;
  /** Units without an event by T, followed fewer than H days. */
  censored: number;
  /** Units whose fate at H is known: an event by H, or followed at least H days. */
  determined: number;
  /** Whether some unit's event or censoring day is H or later: the history reaches the horizon. */
  reachesHorizon: boolean;
  /** Greenwood's variance on the log-log scale; null when S is 0 or 1. */
  interval95: RateInterval | null;
}

/** The 97.5 % quantile of the standard normal distribution. */
export const Z_95 = 1.959964;

/** The product-limit estimate at the horizon `horizonDays` (H) from the units. */
export function kaplanMeier(units: readonly FollowedUnit[], horizonDays: number): KaplanMeierEstimate {
  for (const unit of units) {
    if (!(unit.followedDays >= 0) || (unit.eventDay !== null && !(unit.eventDay >= 0 && unit.eventDay <= unit.followedDays))) {
      throw new RangeError('a unit is followed 0 days or more, and achieves at most on its last day followed');
    }
  }
  const exitDays = units.map(exitDay).sort((a, b) => a - b);
  const eventsOn = new Map<number, number>();
  for (const { eventDay } of units) if (eventDay !== null && eventDay <= horizonDays) eventsOn.set(eventDay, (eventsOn.get(eventDay) ?? 0) + 1);

  const steps: ProductLimitStep[] = [];
  let gone = 0; // units whose event or censoring day is before the step's day
  for (const day of [...eventsOn.keys()].sort((a, b) => a - b)) {
    while (exitDays[gone] < day) gone++;
    steps.push({ day, atRisk: units.length - gone, events: eventsOn.get(day)! });
  }
  const survival = productOf(steps);
  return {
    survival,
    steps,
    rate: complementPer10000HalfUp(survival),
    units: units.length,
    events: steps.reduce((sum, step) => sum + step.events, 0),
    censored: units.filter((u) => u.eventDay === null && u.followedDays < horizonDays).length,
    determined: units.filter((u) => (u.eventDay !== null && u.eventDay <= horizonDays) || u.followedDays >= horizonDays).length,
    reachesHorizon: exitDays.length > 0 && exitDays[exitDays.length - 1] >= horizonDays,
    interval95: greenwoodInterval95(steps),
  };
}

/** The day a unit leaves the risk set: its event, or else its censoring at T. */
function exitDay(unit: FollowedUnit): number {
  return unit.eventDay ?? unit.followedDays;
}

/** ∏ (1 − d/n) = ∏ (n − d)/n, reduced after each factor. */
function productOf(steps: readonly ProductLimitStep[]): { numerator: bigint; denominator: bigint } {
  let numerator = 1n;
  let denominator = 1n;
  for (const { atRisk, events } of steps) {
    numerator *= BigInt(atRisk - events);
    denominator *= BigInt(atRisk);
    const divisor = gcd(numerator, denominator);
    numerator /= divisor;
    denominator /= divisor;
  }
  return { numerator, denominator };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** round((1 − n/d) × 10000), halves up, for 0 ≤ n/d ≤ 1: floor((20000 (d − n) + d) / 2d). */
export function complementPer10000HalfUp(fraction: { numerator: bigint; denominator: bigint }): number {
  const { numerator, denominator } = fraction;
  if (denominator <= 0n || numerator < 0n || numerator > denominator) throw new RangeError('a survival fraction lies between 0 and 1');
  return Number(((denominator - numerator) * 20000n + denominator) / (2n * denominator));
}

/**
 * The 95 % interval of 1 − S: V = Σ d/(n(n − d)) (Greenwood), se = √V / |ln S|, and on the log-log
 * scale S^exp(±z·se), so [1 − S^exp(−z·se), 1 − S^exp(z·se)]. Undefined (null) when S is 1 (no
 * event by H) or 0 (a step where every unit at risk achieved, n = d).
 */
export function greenwoodInterval95(steps: readonly ProductLimitStep[]): RateInterval | null {
  if (steps.length === 0 || steps.some((s) => s.atRisk === s.events)) return null;
  let variance = 0;
  let logSurvival = 0;
  for (const { atRisk: n, events: d } of steps) {
    variance += d / (n * (n - d));
    logSurvival += Math.log((n - d) / n);
  }
  const widen = Math.exp((Z_95 * Math.sqrt(variance)) / Math.abs(logSurvival));
  // 1 − exp(x) as −expm1(x): exact also when S is close to 1.
  return { lower: round4(-Math.expm1(logSurvival / widen)), upper: round4(-Math.expm1(logSurvival * widen)) };
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
