import { type LedgerEntry, outcomePaymentState, type OutcomeVerified, PAYMENT_STATES, type PaymentState } from '#domain';
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

type At = { position: number; recordedAt: string };

/** One payment identity: a verified occurrence, and what became of it and of its money. Amounts in minor units. */
export interface OccurrenceView extends Readonly<OutcomeVerified['data']> {
  /** Whether the occurrence still holds. */
  status: 'verified' | 'reversed';
  /** Where its money stands (docs/rules.md §7), derived by the domain's outcomePaymentState. */
  state: PaymentState;
  verified: At;
  reversal: (At & { reason: string }) | null;
  confirmation: (At & { reference: string; confirmedOn: string; amount: number }) | null;
  /** The paid money came back. */
  recovery: (At & { reference: string; recoveredOn: string; amount: number }) | null;
  /** An agreed settlement netted its open amount (positive was due, negative was to recover). */
  supersession: (At & { settlementPaymentId: string; amount: number }) | null;
}

/** The state of an occurrence's money from what is recorded of it: the domain's one rule. */
export function paymentStateOfMoves(occurrence: Pick<OccurrenceView, 'reversal' | 'confirmation' | 'recovery' | 'supersession'>): PaymentState {
  return outcomePaymentState({
    reversed: occurrence.reversal !== null,
    confirmed: occurrence.confirmation !== null,
    recovered: occurrence.recovery !== null,
    superseded: occurrence.supersession !== null,
  });
}

/**
 * `verified`: not reversed; `reversed`; `capped`: not reversed and cut below its price; or the
 * state of its money: `due`, `paid`, `to-recover`, `recovered`, `superseded`, `cancelled`.
 */
export const OCCURRENCE_FILTERS = ['verified', 'reversed', 'capped', ...PAYMENT_STATES] as const;
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
    default:
      return occurrence.state === filter;
  }
}

/**
 * The occurrence as it stood at `asOf` (an instant in the store's form): undefined when it was
 * not verified yet; what was recorded later is not shown, and the state is what that leaves.
 * Instants in the store's form (fixed width, UTC) compare as text.
 */
export function occurrenceAsOf(occurrence: OccurrenceView, asOf: string | undefined): OccurrenceView | undefined {
  if (asOf === undefined) return occurrence;
  if (occurrence.verified.recordedAt > asOf) return undefined;
  const by = <T extends At>(recorded: T | null): T | null => (recorded !== null && recorded.recordedAt <= asOf ? recorded : null);
  const cut = {
    reversal: by(occurrence.reversal),
    confirmation: by(occurrence.confirmation),
    recovery: by(occurrence.recovery),
    supersession: by(occurrence.supersession),
  };
  if (
    cut.reversal === occurrence.reversal &&
    cut.confirmation === occurrence.confirmation &&
    cut.recovery === occurrence.recovery &&
    cut.supersession === occurrence.supersession
  ) {
    return occurrence;
  }
  return { ...occurrence, ...cut, status: cut.reversal === null ? 'verified' : 'reversed', state: paymentStateOfMoves(cut) };
}

/**
 * A ledger entry of the contract state as an occurrence row; the recording instants come from the
 * facts at its positions (the verification, reversal, confirmation, recovery and supersession events).
 */
export function occurrenceViewOf(entry: LedgerEntry, facts: ReadonlyMap<number, { recordedAt: string }>): OccurrenceView {
  const instant = (position: number): string => {
    const fact = facts.get(position);
    if (fact === undefined) throw new Error(`fact at position ${position} was not read`);
    return fact.recordedAt;
  };
  const at = <T extends { position: number }>(recorded: T | null): (T & { recordedAt: string }) | null =>
    recorded === null ? null : { ...recorded, recordedAt: instant(recorded.position) };
  const moved = { reversal: at(entry.reversal), confirmation: at(entry.confirmation), recovery: at(entry.recovery), supersession: at(entry.supersession) };
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
    state: paymentStateOfMoves(moved),
    verified: { position: entry.verifiedAt, recordedAt: instant(entry.verifiedAt) },
    ...moved,
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
