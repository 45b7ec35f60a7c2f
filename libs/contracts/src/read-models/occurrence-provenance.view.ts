import type { LedgerEntry } from '#domain';
import type { RecordedEvent } from '#event-store';
import { type OccurrenceView, occurrenceViewOf, type RecordedFact, recordedFactOf } from './occurrences.view.js';
import type { AsRecorded } from './participants.view.js';

export interface OccurrenceProvenanceView extends AsRecorded {
  occurrence: OccurrenceView;
  /** The facts that made it true, in log order. */
  provenance: RecordedFact[];
  /** The OutcomeVerified fact itself (when, and on whose fact, it was recorded). */
  verification: RecordedFact;
  /** When reversed: the OutcomeReversed fact, and the facts that caused it. */
  reversal: { fact: RecordedFact; cause: RecordedFact[] } | null;
  /** When paid: the PaymentConfirmed fact. */
  confirmation: RecordedFact | null;
  /** When its money came back: the PaymentRecovered fact. */
  recovery: RecordedFact | null;
  /** When an agreed settlement netted it: the PaymentSuperseded fact. */
  supersession: RecordedFact | null;
}

/** The positions to read for an occurrence's provenance: its own facts, then those they cite. */
export function provenancePositions(entry: LedgerEntry): number[] {
  const positions = [entry.verifiedAt, ...entry.provenance];
  if (entry.reversal !== null) positions.push(entry.reversal.position);
  for (const moved of [entry.confirmation, entry.recovery, entry.supersession]) if (moved !== null) positions.push(moved.position);
  return positions;
}

/** The positions of the facts that caused the occurrence's reversal (the reversal fact cites them). */
export function reversalCausePositions(entry: LedgerEntry, facts: ReadonlyMap<number, RecordedEvent>): number[] {
  if (entry.reversal === null) return [];
  const reversed = facts.get(entry.reversal.position)?.data as { provenance?: unknown } | undefined;
  return Array.isArray(reversed?.provenance) ? reversed.provenance.filter((p): p is number => Number.isInteger(p)) : [];
}

/**
 * §6: a verified occurrence with the facts, by position in the log, that made it true, and the
 * cause of its reversal if reversed. `facts` holds at least every position of provenancePositions
 * and reversalCausePositions.
 */
export function occurrenceProvenanceView(at: AsRecorded, entry: LedgerEntry, facts: ReadonlyMap<number, RecordedEvent>): OccurrenceProvenanceView {
  const fact = (position: number): RecordedFact => {
    const event = facts.get(position);
    if (event === undefined) throw new Error(`fact at position ${position} was not read`);
    return recordedFactOf(event);
  };
  const byPosition = (a: number, b: number): number => a - b;
  return {
    ...at,
    occurrence: occurrenceViewOf(entry, facts),
    provenance: [...new Set(entry.provenance)].sort(byPosition).map(fact),
    verification: fact(entry.verifiedAt),
    reversal:
      entry.reversal === null
        ? null
        : { fact: fact(entry.reversal.position), cause: [...new Set(reversalCausePositions(entry, facts))].sort(byPosition).map(fact) },
    confirmation: entry.confirmation === null ? null : fact(entry.confirmation.position),
    recovery: entry.recovery === null ? null : fact(entry.recovery.position),
    supersession: entry.supersession === null ? null : fact(entry.supersession.position),
  };
}
