import type { CivilDate } from '#domain';
import { type CellSuppression, MINIMUM_CELL } from './cell-suppression.js';
import { round4 } from './rounding.js';
import { atRiskAt, kaplanMeier, type Observation, survivalAt } from './kaplan-meier.js';
import { daysSinceEnrolment, type ParticipantPath } from './participant-paths.js';

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
  eventOn: (p: ParticipantPath) => CivilDate | null,
  cells: CellSuppression,
): TimeToEventFigures {
  const observations: Observation[] = [];
  for (const path of paths) {
    if (path.followedUntil === null) continue;
    const end = daysSinceEnrolment(path, path.followedUntil);
    if (end < 0) continue;
    const on = eventOn(path);
    const at = on === null ? undefined : daysSinceEnrolment(path, on);
    observations.push(at !== undefined && at <= end ? { time: at, event: true } : { time: end, event: false });
  }
  const steps = kaplanMeier(observations);
  const points: TimeToEventFigures['points'] = [];
  const last = observations.reduce((max, o) => Math.max(max, o.time), -1);
  for (let day = 0; day <= last; day += 7) {
    const atRisk = atRiskAt(observations, day);
    if (atRisk < MINIMUM_CELL) break;
    points.push({ day, atRisk, survival: round4(survivalAt(steps, day)) });
  }
  const median = steps.find((s) => s.survival <= 0.5 && s.atRisk >= MINIMUM_CELL);
  const events = observations.filter((o) => o.event).length;
  return {
    participants: cells.count(observations.length),
    events: cells.count(events),
    censored: cells.count(observations.length - events),
    medianDays: median?.time ?? null,
    points,
  };
}
