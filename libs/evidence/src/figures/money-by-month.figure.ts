import { type CivilDate, parseCivilDate } from '#domain';
import type { ContractRow, OccurrenceRow, OutcomeRow, PaymentRow } from '../tables/evidence-rows.js';
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

/** One participant's money by month (month numbers as monthOf makes them), each list in month order. */
export interface ParticipantMoney {
  /** Verified, unreversed occurrences by achievement month. */
  verified: Array<{ outcome: string; amount: number; month: number }>;
  /** Payments by confirmation month. */
  payments: Array<{ amount: number; month: number }>;
}

/** A participant's money from its verified, unreversed occurrences and its payments. */
export function participantMoney(verified: readonly OccurrenceRow[], payments: readonly PaymentRow[]): ParticipantMoney {
  return {
    verified: verified.map((o) => ({ outcome: o.outcome, amount: o.amount, month: monthOf(o.achievedOn) })).sort((a, b) => a.month - b.month),
    payments: payments.map((p) => ({ amount: p.amount, month: monthOf(p.confirmedOn) })).sort((a, b) => a.month - b.month),
  };
}

/** The rows of a month (and outcome): how many, their amount, and how many participants they concern. */
interface Cell {
  participants: number;
  /** The index of the participant last counted (each participant's rows come together). */
  last: number;
  count: number;
  amount: number;
}

const newCell = (): Cell => ({ participants: 0, last: -1, count: 0, amount: 0 });

function add(cell: Cell, participant: number, amount: number): void {
  if (cell.last !== participant) {
    cell.last = participant;
    cell.participants += 1;
  }
  cell.count += 1;
  cell.amount += amount;
}

/** Totals to each month's end: amounts by month and participants from their first month on, summed up month by month. */
interface ToDate {
  amount: number[];
  participants: number[];
}

const newToDate = (months: number): ToDate => ({ amount: new Array<number>(months).fill(0), participants: new Array<number>(months).fill(0) });

function runningSums(toDate: ToDate): void {
  for (let i = 1; i < toDate.amount.length; i++) {
    toDate.amount[i] += toDate.amount[i - 1];
    toDate.participants[i] += toDate.participants[i - 1];
  }
}

/**
 * Outcomes (by achievement month) and payments (by confirmation month), each cell withheld when it
 * concerns 1 to 4 participants; one ParticipantMoney per participant. Each participant's rows are
 * counted into their month's cells once, and running totals are summed month by month, so the cost
 * is that of the rows plus the months, not of the rows times the months.
 */
export function moneyByMonthFigures(
  contract: ContractRow,
  outcomes: readonly OutcomeRow[],
  participants: readonly ParticipantMoney[],
  cells: CellSuppression,
): MoneyByMonthFigures {
  let last = monthOf(contract.observedUntil);
  let first = Math.min(monthOf(contract.periodStart), last);
  for (const { verified, payments } of participants) {
    for (const rows of [verified, payments]) {
      if (rows.length === 0) continue;
      first = Math.min(first, rows[0].month);
      last = Math.max(last, rows[rows.length - 1].month);
    }
  }
  const months = last - first + 1;
  const outcomeIndex = new Map(outcomes.map(({ outcome }, i) => [outcome, i] as const));
  const achieved = Array.from({ length: months }, () => outcomes.map(newCell));
  const paid = Array.from({ length: months }, newCell);
  const committedToDate = newToDate(months);
  const paidToDate = newToDate(months);
  const cap = contract.perParticipantCap;
  // Participants at the cap, as changes: +1 in the month a participant's running sum reaches it, −1 when it falls below.
  const atCapChange = new Array<number>(months + 1).fill(0);

  participants.forEach(({ verified, payments }, p) => {
    let sum = 0;
    verified.forEach((row, i) => {
      const at = row.month - first;
      const outcome = outcomeIndex.get(row.outcome);
      if (outcome !== undefined) add(achieved[at][outcome], p, row.amount);
      committedToDate.amount[at] += row.amount;
      sum += row.amount;
      // The running sum stands from this month until the participant's next month with rows.
      const next = verified[i + 1]?.month;
      if (cap !== null && next !== row.month && sum >= cap) {
        atCapChange[at] += 1;
        atCapChange[(next ?? first + months) - first] -= 1;
      }
    });
    if (verified.length > 0) committedToDate.participants[verified[0].month - first] += 1;
    for (const row of payments) {
      add(paid[row.month - first], p, row.amount);
      paidToDate.amount[row.month - first] += row.amount;
    }
    if (payments.length > 0) paidToDate.participants[payments[0].month - first] += 1;
  });
  runningSums(committedToDate);
  runningSums(paidToDate);
  let atCap = 0;

  return {
    currency: contract.currency,
    caps: { perParticipant: contract.perParticipantCap, total: contract.totalCap },
    months: Array.from({ length: months }, (_, i) => {
      atCap += atCapChange[i];
      const committed = cells.cell(committedToDate.participants[i], committedToDate.amount[i]);
      const month = paid[i];
      return {
        month: monthLabel(first + i),
        outcomes: outcomes.map(({ outcome }, k) => {
          const cell = achieved[i][k];
          return { outcome, occurrences: cells.cell(cell.participants, cell.count), amount: cells.cell(cell.participants, cell.amount) };
        }),
        payments: { count: cells.cell(month.participants, month.count), amount: cells.cell(month.participants, month.amount) },
        committedToDate: committed,
        paidToDate: cells.cell(paidToDate.participants[i], paidToDate.amount[i]),
        headroom: committed === null || contract.totalCap === null ? null : Math.max(0, contract.totalCap - committed),
        participantsAtCap: cap === null ? null : cells.count(atCap),
      };
    }),
  };
}
