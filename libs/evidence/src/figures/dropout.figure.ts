import { compareStrings } from '#domain';
import type { CellSuppression } from './cell-suppression.js';
import { round4 } from './rounding.js';
import type { ParticipantPath } from './participant-paths.js';
import { type Interval, wilsonInterval } from './wilson-interval.js';

export interface DropoutRow {
  /** `unspecified` for referrals without one. */
  intakeVariant: string;
  enrolled: number | null;
  droppedOut: number | null;
  rate: number | null;
  /** Wilson 95 % interval of the rate. */
  interval95: Interval | null;
}

export interface DropoutFigures {
  byIntakeVariant: DropoutRow[];
  all: DropoutRow;
}

export const UNSPECIFIED_VARIANT = 'unspecified';

/** Dropout (withdrawn before any lasting attachment) of enrolled participants, by intake variant and in all. */
export function dropoutFigures(paths: readonly ParticipantPath[], cells: CellSuppression): DropoutFigures {
  const enrolled = paths.filter((p) => p.row.enrolledOn !== null);
  const variants = [...new Set(enrolled.map((p) => p.row.intakeVariant ?? UNSPECIFIED_VARIANT))].sort(compareStrings);
  const groups = variants.map((variant) => enrolled.filter((p) => (p.row.intakeVariant ?? UNSPECIFIED_VARIANT) === variant));
  const allDropped = enrolled.filter((p) => p.droppedOut).length;
  const shownEnrolled = cells.partition(groups.map((g) => g.length));
  const shownDropped = cells.partition(groups.map((g) => g.filter((p) => p.droppedOut).length));
  const row = (intakeVariant: string, n: number | null, k: number | null): DropoutRow => {
    const interval = n === null || k === null ? null : wilsonInterval(k, n);
    return {
      intakeVariant,
      enrolled: n,
      droppedOut: k,
      rate: n === null || k === null || n === 0 ? null : round4(k / n),
      interval95: interval === null ? null : { low: round4(interval.low), high: round4(interval.high) },
    };
  };
  return {
    byIntakeVariant: variants.map((variant, i) => row(variant, shownEnrolled[i], shownDropped[i])),
    all: row('all', cells.count(enrolled.length), cells.count(allDropped)),
  };
}
