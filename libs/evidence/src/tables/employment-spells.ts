import { evidencedEmployment, type ParticipantFacts, type PlacementFilter, qualifies, toEpochDay } from '#domain';

export interface EmploymentSpell {
  /** Epoch days, both inclusive. */
  from: number;
  to: number;
  /** A qualifying placement covering the last day goes on past it (no end yet, or a later end). */
  open: boolean;
}

interface EnrolmentInterval {
  from: number;
  /** Exclusive; Infinity while not withdrawn. */
  until: number;
}

function enrolmentInterval(facts: ParticipantFacts): EnrolmentInterval | undefined {
  if (facts.enrolledOn === undefined) return undefined;
  return { from: toEpochDay(facts.enrolledOn), until: facts.withdrawnOn === undefined ? Infinity : toEpochDay(facts.withdrawnOn) };
}

/**
 * The participant's evidenced employment days merged into spells: the domain's runs of evidenced
 * employment days (qualifying placements, unrevoked payroll evidence of the same placement,
 * inside the enrolment interval; overlapping placements count a day once, a gap of one day ends a
 * spell).
 */
export function employmentSpells(facts: ParticipantFacts, filter: PlacementFilter): EmploymentSpell[] {
  const interval = enrolmentInterval(facts);
  if (interval === undefined) return [];
  const { runs } = evidencedEmployment(facts, filter, interval.from, interval.until);
  const qualifying = [...facts.placements.values()].filter((p) => qualifies(p, filter));
  return runs.map((run) => ({
    from: run.from,
    to: run.to,
    open: qualifying.some((p) => toEpochDay(p.startDate) <= run.to && (p.endDate === undefined || toEpochDay(p.endDate) > run.to)),
  }));
}

/** Per placement id: its days covered by its own unrevoked payroll evidence inside the enrolment interval, whatever its kind or hours. */
export function evidencedDaysByPlacement(facts: ParticipantFacts): Map<string, number> {
  const days = new Map<string, number>();
  const interval = enrolmentInterval(facts);
  if (interval === undefined) return days;
  const byPlacement = new Map<string, Array<{ from: number; to: number }>>();
  for (const segment of evidencedEmployment(facts, { minHoursPerWeek: 0 }, interval.from, interval.until).segments) {
    const list = byPlacement.get(segment.placementId) ?? [];
    list.push(segment);
    byPlacement.set(segment.placementId, list);
  }
  // Segments come sorted by first day; one placement's evidence periods may overlap each other.
  for (const [placementId, segments] of byPlacement) {
    let total = 0;
    let coveredTo = -Infinity;
    for (const { from, to } of segments) {
      const start = Math.max(from, coveredTo + 1);
      if (to >= start) total += to - start + 1;
      coveredTo = Math.max(coveredTo, to);
    }
    days.set(placementId, total);
  }
  return days;
}
