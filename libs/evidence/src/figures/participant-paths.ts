import { compareDates, type CivilDate, toEpochDay } from '#domain';
import { type ParticipantMoney, participantMoney } from './money-by-month.figure.js';
import type { EvidenceTables, OccurrenceRow, ParticipantRow, PaymentRow, PlacementRow, SpellRow } from '../tables/evidence-rows.js';

/**
 * What the figures need to know of one referred participant that depends on its own rows alone
 * (not on the end of follow-up): made once per change of the participant and kept (ParticipantSummaries).
 */
export interface ParticipantSummary {
  row: ParticipantRow;
  /** Has any placement. */
  placed: boolean;
  /** The first evidenced employment day (the first spell's start). */
  firstJobOn: CivilDate | null;
  /** The outcomes it has a verified, unreversed occurrence of. */
  outcomes: readonly string[];
  /** The achievement date of the first verified, unreversed occurrence of the lasting outcome. */
  lastingOn: CivilDate | null;
  /** Qualifying placements with an evidenced day that started on or before lastingOn (0 without one). */
  jobsBeforeLasting: number;
  /** Its verified, unreversed occurrences and its payments by month. */
  money: ParticipantMoney;
  /** Epoch days (toEpochDay) of the enrolment, the withdrawal, firstJobOn and lastingOn, null where there is none. */
  days: { enrolled: number | null; withdrawn: number | null; firstJob: number | null; lasting: number | null };
}

/** A participant's summary as followed up to the contract's observedUntil. */
export interface ParticipantPath extends ParticipantSummary {
  /** Withdrawn on or before the end of follow-up, without a lasting attachment. */
  droppedOut: boolean;
  /** The enrolled participant's last day of follow-up (an epoch day): the day before the withdrawal, or observedUntil. Null when not enrolled. */
  followedUntilDay: number | null;
}

/** One participant's summary from its rows of the tables; `lasting` is the lasting attachment's outcome. */
export function participantSummary(
  row: ParticipantRow,
  own: { placements: readonly PlacementRow[]; spells: readonly SpellRow[]; occurrences: readonly OccurrenceRow[]; payments: readonly PaymentRow[] },
  lasting: string | undefined,
): ParticipantSummary {
  const verified = own.occurrences.filter((o) => o.status === 'verified');
  let firstJobOn: CivilDate | null = null;
  for (const spell of own.spells) if (firstJobOn === null || compareDates(spell.startDate, firstJobOn) < 0) firstJobOn = spell.startDate;
  let lastingOn: CivilDate | null = null;
  for (const o of verified) if (o.outcome === lasting && (lastingOn === null || compareDates(o.achievedOn, lastingOn) < 0)) lastingOn = o.achievedOn;
  const jobsBeforeLasting =
    lastingOn === null ? 0 : own.placements.filter((x) => x.qualifying && x.evidencedDays > 0 && compareDates(x.startDate, lastingOn) <= 0).length;
  return {
    row,
    placed: own.placements.length > 0,
    firstJobOn,
    outcomes: [...new Set(verified.map((o) => o.outcome))],
    lastingOn,
    jobsBeforeLasting,
    money: participantMoney(verified, own.payments),
    days: { enrolled: dayOf(row.enrolledOn), withdrawn: dayOf(row.withdrawnOn), firstJob: dayOf(firstJobOn), lasting: dayOf(lastingOn) },
  };
}

/** Every referred participant's summary, read from the tables alone. */
export function participantSummaries(tables: EvidenceTables): ParticipantSummary[] {
  const lasting = tables.outcomes.find((o) => o.lastingAttachment)?.outcome;
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
  const occurrences = group(tables.occurrences);
  const payments = group(tables.payments);
  return tables.participants.map((row) =>
    participantSummary(
      row,
      {
        placements: placements.get(row.participant) ?? [],
        spells: spells.get(row.participant) ?? [],
        occurrences: occurrences.get(row.participant) ?? [],
        payments: payments.get(row.participant) ?? [],
      },
      lasting,
    ),
  );
}

const dayOf = (date: CivilDate | null): number | null => (date === null ? null : toEpochDay(date));

/** The summaries followed up to `observedUntil`. */
export function participantPaths(summaries: readonly ParticipantSummary[], observedUntil: CivilDate): ParticipantPath[] {
  const observedDay = toEpochDay(observedUntil);
  return summaries.map((summary) => {
    const { enrolled, withdrawn } = summary.days;
    const withdrawnInTime = withdrawn !== null && withdrawn <= observedDay;
    let followedUntilDay: number | null = null;
    if (enrolled !== null) followedUntilDay = withdrawnInTime ? Math.min(withdrawn - 1, observedDay) : observedDay;
    return { ...summary, droppedOut: enrolled !== null && withdrawnInTime && summary.lastingOn === null, followedUntilDay };
  });
}
