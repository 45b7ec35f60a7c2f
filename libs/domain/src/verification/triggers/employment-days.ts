import { toEpochDay } from '../../time/civil-date.js';
import type { ParticipantFacts } from '../participant-facts.js';
import { qualifies, type PlacementFilter } from './qualifying-placement.js';

/**
 * A stretch of evidenced employment days contributed by one placement and one payroll evidence
 * period, clipped to the enrolment interval. Days are epoch days, both ends inclusive.
 */
export interface EvidencedSegment {
  from: number;
  to: number;
  placementId: string;
  /** The placement's fact positions and the evidence's position. */
  positions: readonly number[];
}

/** A maximal run of consecutive evidenced days; its segments are segments[first..end). */
export interface EmploymentRun {
  from: number;
  to: number;
  first: number;
  end: number;
}

export interface EvidencedEmployment {
  /** Sorted by first day. */
  segments: EvidencedSegment[];
  /** Sorted, disjoint and not adjacent: overlapping placements count a day once. */
  runs: EmploymentRun[];
}

/**
 * The evidenced employment days of a participant inside [from, until): days inside a qualifying
 * placement and inside a non-revoked payroll evidence period recorded for that same placement.
 * Works on intervals, not days, so cost grows with the number of facts, not their length.
 */
export function evidencedEmployment(facts: ParticipantFacts, filter: PlacementFilter, from: number, until: number): EvidencedEmployment {
  const segments: EvidencedSegment[] = [];
  const placementBounds = new Map<string, { start: number; end: number; positions: readonly number[] } | null>();
  for (const evidence of facts.payrollEvidence.values()) {
    if (evidence.revoked) continue;
    let bounds = placementBounds.get(evidence.placementId);
    if (bounds === undefined) {
      const placement = facts.placements.get(evidence.placementId);
      bounds =
        placement !== undefined && qualifies(placement, filter)
          ? {
              start: toEpochDay(placement.startDate),
              end: placement.endDate === undefined ? Infinity : toEpochDay(placement.endDate),
              positions: placement.positions,
            }
          : null;
      placementBounds.set(evidence.placementId, bounds);
    }
    if (bounds === null) continue;
    const segFrom = Math.max(toEpochDay(evidence.from), bounds.start, from);
    const segTo = Math.min(toEpochDay(evidence.to), bounds.end, until - 1);
    if (segFrom <= segTo) segments.push({ from: segFrom, to: segTo, placementId: evidence.placementId, positions: [...bounds.positions, evidence.position] });
  }
  segments.sort((a, b) => a.from - b.from || a.to - b.to);

  const runs: EmploymentRun[] = [];
  segments.forEach((segment, i) => {
    const last = runs[runs.length - 1];
    if (last !== undefined && segment.from <= last.to + 1) {
      last.to = Math.max(last.to, segment.to);
      last.end = i + 1;
    } else {
      runs.push({ from: segment.from, to: segment.to, first: i, end: i + 1 });
    }
  });
  return { segments, runs };
}
