import type { CivilDate } from '../time/civil-date.js';

/** Occurrence `occurrence` (1-based) of an outcome, achieved by a participant. */
export interface Achievement {
  outcomeCode: string;
  occurrence: number;
  achievedOn: CivilDate;
  /** Sorted unique stream positions of the facts that made it true. */
  provenance: number[];
}

export function occurrenceKey(outcomeCode: string, occurrence: number): string {
  return `${outcomeCode}#${occurrence}`;
}
