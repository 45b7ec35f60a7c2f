import { type LedgerEntry, outcomePaymentState, type OutcomeVerified, PAYMENT_STATES, type PaymentState } from '#domain';
import { encodeKeyCursor, type PageLinks, pageOf, type RecordedEvent } from '#event-store';
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

/** The bit of each move in filterAsMoves's combinations. */
export const MOVE_BITS = { reversed: 1, confirmed: 2, recovered: 4, superseded: 8 } as const;

/**
 * The filter as SQL can test it: which combinations of moves recorded by asOf (MOVE_BITS: reversed,
 * confirmed, recovered, superseded) pass, found by asking matchesFilter of each (so that the rule is
 * said once), and whether it asks for a capped amount; null when it lets every row through.
 */
export function filterAsMoves(filter: OccurrenceFilter | undefined): { moves: number[]; capped: boolean } | null {
  if (filter === undefined) return null;
  const capped = filter === 'capped';
  const moves: number[] = [];
  for (let mask = 0; mask < 16; mask += 1) {
    const at = { position: 0, recordedAt: '' };
    const moved = {
      reversal: mask & MOVE_BITS.reversed ? { ...at, reason: '' } : null,
      confirmation: mask & MOVE_BITS.confirmed ? { ...at, reference: '', confirmedOn: '', amount: 0 } : null,
      recovery: mask & MOVE_BITS.recovered ? { ...at, reference: '', recoveredOn: '', amount: 0 } : null,
      supersession: mask & MOVE_BITS.superseded ? { ...at, settlementPaymentId: '', amount: 0 } : null,
    };
    // Only `capped` reads the amount: a probe cut below its price for it, at its price for the others.
    const probe = { ...moved, state: paymentStateOfMoves(moved), amount: capped ? 0 : 1, price: 1 } as OccurrenceView;
    if (matchesFilter(probe, filter)) moves.push(mask);
  }
  return { moves, capped };
}

/** The list's name in its cursors; the key is the occurrence's verified position. */
export const OCCURRENCES_LIST = 'occurrences';
export const occurrencesCursor = (verifiedPosition: number): string => encodeKeyCursor(OCCURRENCES_LIST, [verifiedPosition]);

/** What a page of the occurrences table asks for: the filters apply as of asOf. */
export interface OccurrencesPageRequest {
  /** The verified position of the last occurrence handed out (0: from the start). */
  afterPosition: number;
  limit: number;
  status?: OccurrenceFilter;
  participantId?: string;
  outcomeCode?: string;
}

/** The occurrences table as read in one snapshot (see OccurrencesTable). */
export interface OccurrencesTableSnapshot {
  /** The contract log's version as recorded at the instant asked for (0: no such contract then). */
  streamVersion: number;
  /** The last position of the contract's log the table reflects. */
  projectedVersion: number;
  /** The projection's checkpoint in the whole log (commit order). */
  checkpoint: { transactionId: string; globalPosition: string };
  /**
   * Rows verified by then that pass the filters, after the position asked, in log order (up to the
   * limit and one more), with what happened to them since (not yet cut to the instant).
   */
  occurrences: OccurrenceView[];
}

export interface OccurrencesView extends AsRecorded, PageLinks {
  /** The status asked for; null: all. */
  filter: OccurrenceFilter | null;
  /**
   * How far the table's projection has got: its checkpoint in the whole log, the last position of
   * this contract's log it reflects (= version), and how many events of the contract recorded by
   * asOf it does not reflect yet.
   */
  projectedThrough: { transactionId: string; globalPosition: string; contractVersion: number; behind: number };
  /** One page, in log order (of their verification). */
  occurrences: OccurrenceView[];
}

/**
 * A page of the occurrences table's answer at `asOf` (undefined: now, with `now` the instant to
 * report). The table may lag the log: `version` is what it reflects, never more than the log had
 * at asOf. `page.after` is the cursor asked after (the list's start when absent).
 */
export function occurrencesView(
  contractId: string,
  snapshot: OccurrencesTableSnapshot,
  at: { asOf: string | undefined; now: string },
  filter: OccurrenceFilter | undefined,
  page: { limit: number; after: string | undefined } = { limit: Number.MAX_SAFE_INTEGER, after: undefined },
): OccurrencesView {
  const version = Math.min(snapshot.projectedVersion, snapshot.streamVersion);
  const occurrences: OccurrenceView[] = [];
  for (const row of snapshot.occurrences) {
    const asRecorded = occurrenceAsOf(row, at.asOf);
    if (asRecorded !== undefined && matchesFilter(asRecorded, filter)) occurrences.push(asRecorded);
  }
  const { items, next, hasMore } = pageOf(occurrences, page.limit, (o) => occurrencesCursor(o.verified.position), page.after ?? occurrencesCursor(0));
  return {
    contractId,
    asOf: at.asOf ?? at.now,
    version,
    filter: filter ?? null,
    projectedThrough: { ...snapshot.checkpoint, contractVersion: version, behind: snapshot.streamVersion - version },
    occurrences: items,
    next,
    hasMore,
  };
}
