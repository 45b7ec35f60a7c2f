import { addDays, compareDates, daysBetween, minDate, type CivilDate } from '#domain';
import type { EvidenceTables, OccurrenceRow, ParticipantRow, PlacementRow, SpellRow } from '../tables/evidence-rows.js';

/** What the figures need to know of one referred participant, read from the tables alone. */
export interface ParticipantPath {
  row: ParticipantRow;
  placements: PlacementRow[];
  spells: SpellRow[];
  /** Verified, unreversed occurrences. */
  occurrences: OccurrenceRow[];
  /** The first evidenced employment day (the first spell's start). */
  firstJobOn: CivilDate | null;
  /** The achievement date of the first verified, unreversed occurrence of the lasting outcome. */
  lastingOn: CivilDate | null;
  /** Withdrawn on or before the end of follow-up, without a lasting attachment. */
  droppedOut: boolean;
  /** The enrolled participant's last day of follow-up: the day before the withdrawal, or observedUntil. Null when not enrolled. */
  followedUntil: CivilDate | null;
}

export function participantPaths(tables: EvidenceTables): ParticipantPath[] {
  const lasting = tables.outcomes.find((o) => o.lastingAttachment)?.outcome;
  const { observedUntil } = tables.contract;
  const group = <T extends { participant: string }>(rows: readonly T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.participant) ?? [];
      list.push(row);
      map.set(row.participant, list);
    }
    return map;
  };
  const placements = group(tables.placements);
  const spells = group(tables.spells);
  const occurrences = group(tables.occurrences.filter((o) => o.status === 'verified'));

  return tables.participants.map((row) => {
    const own = occurrences.get(row.participant) ?? [];
    const ownSpells = [...(spells.get(row.participant) ?? [])].sort((a, b) => compareDates(a.startDate, b.startDate));
    const lastingDates = own
      .filter((o) => o.outcome === lasting)
      .map((o) => o.achievedOn)
      .sort(compareDates);
    const lastingOn = lastingDates[0] ?? null;
    const withdrawnInTime = row.withdrawnOn !== null && compareDates(row.withdrawnOn, observedUntil) <= 0;
    let followedUntil: CivilDate | null = null;
    if (row.enrolledOn !== null) followedUntil = withdrawnInTime ? minDate(addDays(row.withdrawnOn!, -1), observedUntil) : observedUntil;
    return {
      row,
      placements: placements.get(row.participant) ?? [],
      spells: ownSpells,
      occurrences: own,
      firstJobOn: ownSpells[0]?.startDate ?? null,
      lastingOn,
      droppedOut: row.enrolledOn !== null && withdrawnInTime && lastingOn === null,
      followedUntil,
    };
  });
}

/** Days from enrolment to `date`. */
export function daysSinceEnrolment(path: ParticipantPath, date: CivilDate): number {
  return daysBetween(path.row.enrolledOn!, date);
}
