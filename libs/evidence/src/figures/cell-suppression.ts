/** Aggregates that leave the service show no cell of fewer than this many participants. */
export const MINIMUM_CELL = 5;

/** A count that is shown: 0 (it describes no one) or at least MINIMUM_CELL. */
export function isShowable(participants: number): boolean {
  return participants === 0 || participants >= MINIMUM_CELL;
}

/**
 * Withholds small cells and counts what it withheld, so that every answer can say how many cells
 * it suppressed.
 */
export class CellSuppression {
  suppressed = 0;

  /** The value when the cell's participants may be shown, else null. */
  cell<T>(participants: number, value: T): T | null {
    if (isShowable(participants)) return value;
    this.suppressed += 1;
    return null;
  }

  count(participants: number): number | null {
    return this.cell(participants, participants);
  }

  /**
   * The cells of one partition whose total is shown: small cells withheld and, when exactly one is,
   * the smallest other non-zero cell too, so the total minus the others does not give it away.
   */
  partition(participants: readonly number[]): Array<number | null> {
    const hidden = participants.map((n) => !isShowable(n));
    if (hidden.filter(Boolean).length === 1) {
      let smallest = -1;
      participants.forEach((n, i) => {
        if (!hidden[i] && n > 0 && (smallest < 0 || n < participants[smallest])) smallest = i;
      });
      if (smallest >= 0) hidden[smallest] = true;
    }
    this.suppressed += hidden.filter(Boolean).length;
    return participants.map((n, i) => (hidden[i] ? null : n));
  }
}
