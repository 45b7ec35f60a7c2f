import type { LedgerEntry, OutcomeVerified } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { AsRecorded } from './participants.view.js';

/** A fact of the contract's log as an auditor reads it. */
export interface RecordedFact {
  /** Position in the contract's log. */
  position: number;
  type: string;
  recordedAt: string;
  /** Who recorded it (`role:name`, from the event's metadata); null when not known. */
  actor: string | null;
  data: object;
}

export function recordedFactOf(event: RecordedEvent): RecordedFact {
  const actor = event.metadata?.actor;
  return {
    position: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: typeof actor === 'string' ? actor : null,
    data: event.data as object,
  };
}

/** One payment identity: a verified occurrence, and what became of it. Amounts in minor units. */
export interface OccurrenceView extends Readonly<OutcomeVerified['data']> {
  status: 'verified' | 'reversed';
  verified: { position: number; recordedAt: string };
  reversal: { position: number; recordedAt: string; reason: string } | null;
  confirmation: { position: number; recordedAt: string; reference: string; confirmedOn: string; amount: number } | null;
}

/**
 * `verified`: not reversed; `reversed`; `capped`: not reversed and cut below its price; `due`: not
 * reversed, an amount above 0 and no confirmed payment yet; `paid`: a payment confirmed (even if
 * reversed since, and so to recover).
 */
export const OCCURRENCE_FILTERS = ['verified', 'reversed', 'capped', 'due', 'paid'] as const;
export type OccurrenceFilter = (typeof OCCURRENCE_FILTERS)[number];

export function matchesFilter(occurrence: OccurrenceView, filter: OccurrenceFilter | undefined): boolean {
  const unreversed = occurrence.reversal === null;
  switch (filter) {
    case undefined:
      return true;
    case 'verified':
      return unreversed;
    case 'reversed':
      return !unreversed;
    case 'capped':
      return unreversed && occurrence.amount < occurrence.price;
    case 'due':
      return unreversed && occurrence.amount > 0 && occurrence.confirmation === null;
    case 'paid':
      return occurrence.confirmation !== null;
  }
}

/**
 * The occurrence as it stood at `asOf` (an instant in the store's form): undefined when it was
 * not verified yet; a reversal or confirmation recorded later is not shown. Instants in the
 * store's form compare as text.
 */
export function occurrenceAsOf(occurrence: OccurrenceView, asOf: string | undefined): OccurrenceView | undefined {
  if (asOf === undefined) return occurrence;
  if (occurrence.verified.recordedAt > asOf) return undefined;
  const reversal = occurrence.reversal !== null && occurrence.reversal.recordedAt <= asOf ? occurrence.reversal : null;
  const confirmation = occurrence.confirmation !== null && occurrence.confirmation.recordedAt <= asOf ? occurrence.confirmation : null;
  if (reversal === occurrence.reversal && confirmation === occurrence.confirmation) return occurrence;
  return { ...occurrence, status: reversal === null ? 'verified' : 'reversed', reversal, confirmation };
}

/**
 * A ledger entry of the contract state as an occurrence row; the recording instants come from the
 * facts at its positions (the verification, reversal and confirmation events).
 */
export function occurrenceViewOf(entry: LedgerEntry, facts: ReadonlyMap<number, { recordedAt: string }>): OccurrenceView {
  const instant = (position: number): string => {
    const fact = facts.get(position);
    if (fact === undefined) throw new Error(`fact at position ${position} was not read`);
    return fact.recordedAt;
  };
  return {
    paymentId: entry.paymentId,
    participantId: entry.participantId,
    outcomeCode: entry.outcomeCode,
    occurrence: entry.occurrence,
    revision: entry.revision,
    achievedOn: entry.achievedOn,
    price: entry.price,
    amount: entry.amount,
    capReason: entry.capReason,
    termsVersion: entry.termsVersion,
    provenance: [...entry.provenance],
    status: entry.reversal === null ? 'verified' : 'reversed',
    verified: { position: entry.verifiedAt, recordedAt: instant(entry.verifiedAt) },
    reversal: entry.reversal === null ? null : { ...entry.reversal, recordedAt: instant(entry.reversal.position) },
    confirmation:
      entry.confirmation === null
        ? null
        : {
            position: entry.confirmation.position,
            recordedAt: instant(entry.confirmation.position),
            reference: entry.confirmation.reference,
            confirmedOn: entry.confirmation.confirmedOn,
            amount: entry.confirmation.amount,
          },
  };
}

/** The occurrences table as read in one snapshot (see OccurrencesTable). */
export interface OccurrencesTableSnapshot {
  /** The contract log's version as recorded at the instant asked for (0: no such contract then). */
  streamVersion: number;
  /** The last position of the contract's log the table reflects. */
  projectedVersion: number;
  /** The projection's checkpoint in the whole log (commit order). */
  checkpoint: { transactionId: string; globalPosition: string };
  /** Rows verified by then, in log order, with what happened to them since (not yet cut to the instant). */
  occurrences: OccurrenceView[];
}

export interface OccurrencesView extends AsRecorded {
  /** The status asked for; null: all. */
  filter: OccurrenceFilter | null;
  /**
   * How far the table's projection has got: its checkpoint in the whole log, the last position of
   * this contract's log it reflects (= version), and how many events of the contract recorded by
   * asOf it does not reflect yet.
   */
  projectedThrough: { transactionId: string; globalPosition: string; contractVersion: number; behind: number };
  occurrences: OccurrenceView[];
}

/**
 * The answer of the occurrences table at `asOf` (undefined: now, with `now` the instant to report).
 * The table may lag the log: `version` is what it reflects, never more than the log had at asOf.
 */
export function occurrencesView(
  contractId: string,
  snapshot: OccurrencesTableSnapshot,
  at: { asOf: string | undefined; now: string },
  filter: OccurrenceFilter | undefined,
): OccurrencesView {
  const version = Math.min(snapshot.projectedVersion, snapshot.streamVersion);
  const occurrences: OccurrenceView[] = [];
  for (const row of snapshot.occurrences) {
    const asRecorded = occurrenceAsOf(row, at.asOf);
    if (asRecorded !== undefined && matchesFilter(asRecorded, filter)) occurrences.push(asRecorded);
  }
  return {
    contractId,
    asOf: at.asOf ?? at.now,
    version,
    filter: filter ?? null,
    projectedThrough: { ...snapshot.checkpoint, contractVersion: version, behind: snapshot.streamVersion - version },
    occurrences,
  };
}
