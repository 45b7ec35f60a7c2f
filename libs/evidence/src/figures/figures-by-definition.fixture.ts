import { addDays, compareDates, daysBetween, minDate, parseCivilDate, type CivilDate } from '#domain';
import type { EvidenceTables, OccurrenceRow, ParticipantRow, PlacementRow } from '../tables/evidence-rows.js';
import { CellSuppression, MINIMUM_CELL } from './cell-suppression.js';
import { dropoutFigures } from './dropout.figure.js';
import type { EvidenceFigures } from './evidence-figures.js';
import { SUPPRESSION_RULE } from './evidence-figures.js';
import { atRiskAt, kaplanMeier, type Observation, survivalAt } from './kaplan-meier.js';
import type { ParticipantPath } from './participant-paths.js';
import { curveCounts } from './time-to-event.figure.js';
import { round4 } from './rounding.js';

// The figures as first written: each one read off the tables by filtering every row for every
// cell (every month, every curve point), as plainly as the definitions say them. Kept for tests
// only, as the oracle that the counters of the figures (participant summaries, running totals,
// one walk of a curve) give the same answer.

interface PlainPath {
  row: ParticipantRow;
  placements: PlacementRow[];
  occurrences: OccurrenceRow[];
  firstJobOn: CivilDate | null;
  lastingOn: CivilDate | null;
  droppedOut: boolean;
  followedUntil: CivilDate | null;
}

function plainPaths(tables: EvidenceTables): PlainPath[] {
  const lasting = tables.outcomes.find((o) => o.lastingAttachment)?.outcome;
  const { observedUntil } = tables.contract;
  const of = <T extends { participant: string }>(rows: readonly T[], participant: string) => rows.filter((r) => r.participant === participant);
  return tables.participants.map((row) => {
    const own = of(tables.occurrences, row.participant).filter((o) => o.status === 'verified');
    const spells = [...of(tables.spells, row.participant)].sort((a, b) => compareDates(a.startDate, b.startDate));
    const lastingOn =
      own
        .filter((o) => o.outcome === lasting)
        .map((o) => o.achievedOn)
        .sort(compareDates)[0] ?? null;
    const withdrawnInTime = row.withdrawnOn !== null && compareDates(row.withdrawnOn, observedUntil) <= 0;
    let followedUntil: CivilDate | null = null;
    if (row.enrolledOn !== null) followedUntil = withdrawnInTime ? minDate(addDays(row.withdrawnOn!, -1), observedUntil) : observedUntil;
    return {
      row,
      placements: of(tables.placements, row.participant),
      occurrences: own,
      firstJobOn: spells[0]?.startDate ?? null,
      lastingOn,
      droppedOut: row.enrolledOn !== null && withdrawnInTime && lastingOn === null,
      followedUntil,
    };
  });
}

function plainTimeToEvent(paths: PlainPath[], eventOn: (p: PlainPath) => CivilDate | null, cells: CellSuppression) {
  const observations: Observation[] = [];
  for (const path of paths) {
    if (path.followedUntil === null) continue;
    const end = daysBetween(path.row.enrolledOn!, path.followedUntil);
    if (end < 0) continue;
    const on = eventOn(path);
    const at = on === null ? undefined : daysBetween(path.row.enrolledOn!, on);
    observations.push(at !== undefined && at <= end ? { time: at, event: true } : { time: end, event: false });
  }
  const steps = kaplanMeier(observations);
  const points: Array<{ day: number; atRisk: number; survival: number }> = [];
  const last = observations.reduce((max, o) => Math.max(max, o.time), -1);
  for (let day = 0; day <= last; day += 7) {
    const atRisk = atRiskAt(observations, day);
    if (atRisk < MINIMUM_CELL) break;
    points.push({ day, atRisk, survival: round4(survivalAt(steps, day)) });
  }
  return { ...curveCounts(observations, steps, cells), points };
}

const monthOf = (date: CivilDate) => parseCivilDate(date).year * 12 + parseCivilDate(date).month - 1;
const monthLabel = (m: number) => `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`;

function plainMoneyByMonth(tables: EvidenceTables, cells: CellSuppression): EvidenceFigures['moneyByMonth'] {
  const { contract } = tables;
  const verified = tables.occurrences.filter((o) => o.status === 'verified').map((o) => ({ ...o, month: monthOf(o.achievedOn) }));
  const payments = tables.payments.map((p) => ({ ...p, month: monthOf(p.confirmedOn) }));
  const seen = [monthOf(contract.observedUntil), ...verified.map((o) => o.month), ...payments.map((p) => p.month)];
  const first = seen.reduce((a, b) => Math.min(a, b), monthOf(contract.periodStart));
  const last = seen.reduce((a, b) => Math.max(a, b));
  const distinct = (rows: ReadonlyArray<{ participant: string }>) => new Set(rows.map((r) => r.participant)).size;
  const sum = (rows: ReadonlyArray<{ amount: number }>) => rows.reduce((total, r) => total + r.amount, 0);
  return {
    currency: contract.currency,
    caps: { perParticipant: contract.perParticipantCap, total: contract.totalCap },
    months: Array.from({ length: last - first + 1 }, (_, i) => first + i).map((month) => {
      const achieved = verified.filter((o) => o.month === month);
      const paid = payments.filter((p) => p.month === month);
      const committedRows = verified.filter((o) => o.month <= month);
      const paidRows = payments.filter((p) => p.month <= month);
      const committed = cells.cell(distinct(committedRows), sum(committedRows));
      const perParticipant = new Map<string, number>();
      for (const o of committedRows) perParticipant.set(o.participant, (perParticipant.get(o.participant) ?? 0) + o.amount);
      const cap = contract.perParticipantCap;
      const atCap = cap === null ? 0 : [...perParticipant.values()].filter((amount) => amount >= cap).length;
      return {
        month: monthLabel(month),
        outcomes: tables.outcomes.map(({ outcome }) => {
          const rows = achieved.filter((o) => o.outcome === outcome);
          return { outcome, occurrences: cells.cell(distinct(rows), rows.length), amount: cells.cell(distinct(rows), sum(rows)) };
        }),
        payments: { count: cells.cell(distinct(paid), paid.length), amount: cells.cell(distinct(paid), sum(paid)) },
        committedToDate: committed,
        paidToDate: cells.cell(distinct(paidRows), sum(paidRows)),
        headroom: committed === null || contract.totalCap === null ? null : Math.max(0, contract.totalCap - committed),
        participantsAtCap: cap === null ? null : cells.count(atCap),
      };
    }),
  };
}

/** The evaluators' figures of the tables, by the definitions written out plainly (slow: for tests). */
export function figuresByDefinition(tables: EvidenceTables): EvidenceFigures {
  const paths = plainPaths(tables);
  const cells = new CellSuppression();
  const count = (test: (p: PlainPath) => boolean) => paths.filter(test).length;
  const funnel = [
    { step: 'referred', label: 'referred', participants: cells.count(paths.length) },
    { step: 'acceptedAtIntake', label: 'accepted at intake', participants: cells.count(count((p) => p.row.intakeOutcome === 'accepted')) },
    { step: 'enrolled', label: 'enrolled', participants: cells.count(count((p) => p.row.enrolledOn !== null)) },
    { step: 'placed', label: 'placed (any placement)', participants: cells.count(count((p) => p.row.enrolledOn !== null && p.placements.length > 0)) },
    { step: 'firstEvidencedJob', label: 'first evidenced job', participants: cells.count(count((p) => p.firstJobOn !== null)) },
    ...tables.outcomes.map((o) => ({
      step: `outcome:${o.outcome}`,
      label: o.outcome,
      participants: cells.count(count((p) => p.occurrences.some((x) => x.outcome === o.outcome))),
    })),
  ];
  // Dropout reads a path's row and droppedOut only, as both kinds of path have them.
  const dropout = dropoutFigures(paths as unknown as ParticipantPath[], cells);
  const jobs = paths
    .filter((p) => p.lastingOn !== null)
    .map((p) => p.placements.filter((x) => x.qualifying && x.evidencedDays > 0 && compareDates(x.startDate, p.lastingOn!) <= 0).length)
    .sort((a, b) => a - b);
  const n = jobs.length;
  const counts = Array.from({ length: n === 0 ? 0 : jobs[n - 1] + 1 }, (_, k) => jobs.filter((j) => j === k).length);
  const shown = cells.partition(counts);
  const participants = cells.count(n);
  const jobsBeforeLasting = {
    participants,
    mean: participants === null || n === 0 ? null : round4(jobs.reduce((a, b) => a + b, 0) / n),
    median: participants === null ? null : n === 0 ? null : n % 2 === 1 ? jobs[(n - 1) / 2] : (jobs[n / 2 - 1] + jobs[n / 2]) / 2,
    distribution: counts.map((_, k) => ({ jobs: k, participants: shown[k] })),
  };
  const figures = {
    observedUntil: tables.contract.observedUntil,
    lastingOutcome: tables.outcomes.find((o) => o.lastingAttachment)?.outcome ?? null,
    funnel,
    dropout,
    jobsBeforeLastingAttachment: jobsBeforeLasting,
    timeToFirstJob: plainTimeToEvent(paths, (p) => p.firstJobOn, cells),
    timeToLastingAttachment: plainTimeToEvent(paths, (p) => p.lastingOn, cells),
    moneyByMonth: plainMoneyByMonth(tables, cells),
  };
  return { ...figures, suppression: { minimumCell: MINIMUM_CELL, suppressedCells: cells.suppressed, rule: SUPPRESSION_RULE } };
}
