import { type CivilDate, parseCivilDate } from '#domain';
import type { EvidenceTables } from '../tables/evidence-rows.js';
import type { CellSuppression } from './cell-suppression.js';

export interface MonthFigures {
  /** YYYY-MM. */
  month: string;
  /** Verified, unreversed occurrences achieved in the month, per outcome; amounts in minor units. */
  outcomes: Array<{ outcome: string; occurrences: number | null; amount: number | null }>;
  /** Payments confirmed in the month. */
  payments: { count: number | null; amount: number | null };
  /** Verified, unreversed amounts achieved by the month's end, against the total cap. */
  committedToDate: number | null;
  paidToDate: number | null;
  headroom: number | null;
  /** Participants whose amounts achieved by the month's end reach the per-participant cap. */
  participantsAtCap: number | null;
}

export interface MoneyByMonthFigures {
  currency: string;
  caps: { perParticipant: number | null; total: number | null };
  months: MonthFigures[];
}

/** A month as a number, year × 12 + (month − 1): months compare as values, never as text. */
function monthOf(date: CivilDate): number {
  const { year, month } = parseCivilDate(date);
  return year * 12 + month - 1;
}

/** `YYYY-MM` of a month number. */
function monthLabel(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Outcomes (by achievement month) and payments (by confirmation month), each cell withheld when it concerns 1 to 4 participants. */
export function moneyByMonthFigures(tables: EvidenceTables, cells: CellSuppression): MoneyByMonthFigures {
  const { contract } = tables;
  const verified = tables.occurrences.filter((o) => o.status === 'verified').map((o) => ({ ...o, month: monthOf(o.achievedOn) }));
  const payments = tables.payments.map((p) => ({ ...p, month: monthOf(p.confirmedOn) }));
  const seen = [monthOf(contract.observedUntil), ...verified.map((o) => o.month), ...payments.map((p) => p.month)];
  const first = seen.reduce((a, b) => Math.min(a, b), monthOf(contract.periodStart));
  const last = seen.reduce((a, b) => Math.max(a, b));
  const months = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const distinct = (rows: ReadonlyArray<{ participant: string }>) => new Set(rows.map((r) => r.participant)).size;
  const sum = (rows: ReadonlyArray<{ amount: number }>) => rows.reduce((total, r) => total + r.amount, 0);

  return {
    currency: contract.currency,
    caps: { perParticipant: contract.perParticipantCap, total: contract.totalCap },
    months: months.map((month) => {
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
          const participants = distinct(rows);
          return { outcome, occurrences: cells.cell(participants, rows.length), amount: cells.cell(participants, sum(rows)) };
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
