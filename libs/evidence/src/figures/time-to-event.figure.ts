import { type CellSuppression, MINIMUM_CELL } from './cell-suppression.js';
import { round4 } from './rounding.js';
import { kaplanMeier, type KaplanMeierStep, type Observation } from './kaplan-meier.js';
import type { ParticipantPath } from './participant-paths.js';

export interface TimeToEventFigures {
  /** Enrolled participants followed for at least a day. */
  participants: number | null;
  events: number | null;
  censored: number | null;
  /** Days from enrolment until half have had the event, when the published curve reaches it. */
  medianDays: number | null;
  /** Ŝ (share without the event yet) every 7 days from enrolment, while at least MINIMUM_CELL are followed. */
  points: Array<{ day: number; atRisk: number; survival: number }>;
}

/**
 * Kaplan–Meier time from enrolment to an event (first job, lasting attachment). Censored at the
 * end of follow-up: the day before a withdrawal, or observedUntil for those still active.
 */
export function timeToEventFigures(
  paths: readonly ParticipantPath[],
  eventDay: (p: ParticipantPath) => number | null,
  cells: CellSuppression,
): TimeToEventFigures {
  const observations: Observation[] = [];
  for (const path of paths) {
    if (path.followedUntilDay === null) continue;
    const enrolled = path.days.enrolled!;
    const end = path.followedUntilDay - enrolled;
    if (end < 0) continue;
    const on = eventDay(path);
    const at = on === null ? undefined : on - enrolled;
    observations.push(at !== undefined && at <= end ? { time: at, event: true } : { time: end, event: false });
  }
  const steps = kaplanMeier(observations);
  const points: TimeToEventFigures['points'] = [];
  // Walked once, day by day: at risk on a day are those whose time is not before it (atRiskAt), and
  // Ŝ of a day is that of the last step not after it (survivalAt). Times are whole days (an event
  // dated before the enrolment is at a negative time, never at risk).
  const last = observations.reduce((max, o) => Math.max(max, o.time), -1);
  const endingOn = new Array<number>(last + 1).fill(0);
  let atRisk = 0;
  for (const o of observations) {
    if (o.time < 0) continue;
    endingOn[o.time] += 1;
    atRisk += 1;
  }
  let step = 0;
  let survival = 1;
  for (let day = 0; day <= last; day += 7) {
    for (let t = Math.max(0, day - 7); t < day; t++) atRisk -= endingOn[t];
    if (atRisk < MINIMUM_CELL) break;
    while (step < steps.length && steps[step].time <= day) survival = steps[step++].survival;
    points.push({ day, atRisk, survival: round4(survival) });
  }
  return { ...curveCounts(observations, steps, cells), points };
}

/** A curve's counts (withheld where small) and its median, where the curve reaches it with enough still followed. */
export function curveCounts(
  observations: readonly Observation[],
  steps: readonly KaplanMeierStep[],
  cells: CellSuppression,
): Omit<TimeToEventFigures, 'points'> {
  const median = steps.find((s) => s.survival <= 0.5 && s.atRisk >= MINIMUM_CELL);
  const events = observations.filter((o) => o.event).length;
  return {
    participants: cells.count(observations.length),
    events: cells.count(events),
    censored: cells.count(observations.length - events),
    medianDays: median?.time ?? null,
  };
}
