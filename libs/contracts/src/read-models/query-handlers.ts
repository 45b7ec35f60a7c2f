import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, contractNotFound, type ContractState, contractStreamId, DomainError, type LedgerEntry } from '#domain';
import { decodeKeyCursor, EventStreamReader, pageLimit } from '#event-store';
import { ContractHistory } from './contract-history.service.js';
import { checkContractFilters } from './list-filters.js';
import { ContractSummaries } from './contract-summaries.service.js';
import type { ContractSummaryView } from './contract-summary.view.js';
import { type OccurrenceProvenanceView, occurrenceProvenanceView, provenancePositions, reversalCausePositions } from './occurrence-provenance.view.js';
import { OccurrencesTable } from './occurrences.table.js';
import { ParticipantHistory } from './participant-history.service.js';
import { OCCURRENCE_FILTERS, OCCURRENCES_LIST, type OccurrencesView, occurrencesView } from './occurrences.view.js';
import { type ParticipantTimelineView, participantTimeline, participantTimelineHead, LEDGER_MOVE_EVENT_TYPES } from './participant-timeline.view.js';
import { type AsRecorded, PARTICIPANT_STATUSES, PARTICIPANTS_LIST, type ParticipantsView, participantsView } from './participants.view.js';
import { comparisonKey, SettlementCache, settlementKey, whatIfKey } from './settlement.cache.js';
import {
  decodeSettlementLinesCursor,
  keptSettlementView,
  keptWhatIfView,
  pagedView,
  type SettlementComparisonView,
  type SettlementLinesRequest,
  settlementComparisonView,
  type SettlementView,
  type WhatIfSettlementView,
} from './settlement.view.js';
import {
  GetContractSummaryQuery,
  GetOccurrenceProvenanceQuery,
  GetParticipantTimelineQuery,
  GetSettlementComparisonQuery,
  GetSettlementQuery,
  GetWhatIfSettlementQuery,
  ListOccurrencesQuery,
  ListParticipantsQuery,
  type SettlementLinesQuery,
} from './queries.js';

@QueryHandler(GetContractSummaryQuery)
export class GetContractSummaryHandler implements IQueryHandler<GetContractSummaryQuery> {
  constructor(private readonly summaries: ContractSummaries) {}

  execute(query: GetContractSummaryQuery): Promise<ContractSummaryView> {
    return this.summaries.summary(query.contractId, query.asOf);
  }
}

@QueryHandler(ListParticipantsQuery)
export class ListParticipantsHandler implements IQueryHandler<ListParticipantsQuery> {
  constructor(private readonly history: ContractHistory) {}

  execute(query: ListParticipantsQuery): Promise<ParticipantsView> {
    const { after, status, intakeVariant } = query.page;
    const limit = pageLimit(query.page.limit);
    const [afterOrdinal] = decodeKeyCursor<[number]>(PARTICIPANTS_LIST, ['int'], after) ?? [0];
    if (status !== undefined && !PARTICIPANT_STATUSES.includes(status)) {
      throw new DomainError('invalid', 'invalid-status', `status must be one of ${PARTICIPANT_STATUSES.join(', ')}.`, { field: 'status' });
    }
    return this.history.read(query.contractId, query.asOf, (state, asOf) =>
      participantsView(state, asOf, { after, afterOrdinal, limit, status, intakeVariant }),
    );
  }
}

@QueryHandler(GetParticipantTimelineQuery)
export class GetParticipantTimelineHandler implements IQueryHandler<GetParticipantTimelineQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly participants: ParticipantHistory,
    private readonly store: EventStreamReader,
  ) {}

  /**
   * The participant as recorded at asOf, then its events up to that state's version: a read of
   * what it returns, not of the contract. Now, the head comes from the command side's cached
   * state; as recorded at an earlier instant, from the participant's part of the state then (its
   * events, read for it, are also the timeline's).
   */
  async execute(query: GetParticipantTimelineQuery): Promise<ParticipantTimelineView> {
    const { contractId, participantId } = query;
    if (query.asOf !== undefined) {
      const { asOf, state, events } = await this.participants.participantAt(contractId, participantId, query.asOf);
      return { ...this.found(participantTimelineHead(state, participantId, asOf), query), timeline: participantTimeline(events, participantId) };
    }
    const head = this.found(await this.history.read(contractId, undefined, (state, asOf) => participantTimelineHead(state, participantId, asOf)), query);
    const events = await this.store.readParticipantEvents(contractStreamId(contractId), participantId, {
      toVersion: head.version,
      paymentEventTypes: LEDGER_MOVE_EVENT_TYPES,
    });
    return { ...head, timeline: participantTimeline(events, participantId) };
  }

  private found<T>(head: T | undefined, { contractId, participantId }: GetParticipantTimelineQuery): T {
    if (head !== undefined) return head;
    throw new DomainError('not-found', 'participant-not-found', `No participant ${participantId} in contract ${contractId}.`, { field: 'participantId' });
  }
}

@QueryHandler(ListOccurrencesQuery)
export class ListOccurrencesHandler implements IQueryHandler<ListOccurrencesQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly table: OccurrencesTable,
    private readonly clock: Clock,
  ) {}

  async execute(query: ListOccurrencesQuery): Promise<OccurrencesView> {
    const { after, participantId, outcomeCode } = query.page;
    const limit = pageLimit(query.page.limit);
    const [afterPosition] = decodeKeyCursor<[number]>(OCCURRENCES_LIST, ['int'], after) ?? [0];
    if (query.status !== undefined && !OCCURRENCE_FILTERS.includes(query.status)) {
      throw new DomainError('invalid', 'invalid-status', `status must be one of ${OCCURRENCE_FILTERS.join(', ')}.`, { field: 'status' });
    }
    const asOf = await this.history.asOfInstant(query.contractId, query.asOf);
    // Checked against the contract as it is now (its cached state: no fold), whatever the asOf.
    if (participantId !== undefined || outcomeCode !== undefined) {
      await this.history.read(query.contractId, undefined, (state) => checkContractFilters(state, { participantId, outcomeCode }));
    }
    const snapshot = await this.table.read(query.contractId, asOf, { afterPosition, limit, status: query.status, participantId, outcomeCode });
    if (snapshot.streamVersion === 0) throw contractNotFound(query.contractId, asOf);
    return occurrencesView(query.contractId, snapshot, { asOf, now: this.clock.instant() }, query.status, { limit, after });
  }
}

@QueryHandler(GetOccurrenceProvenanceQuery)
export class GetOccurrenceProvenanceHandler implements IQueryHandler<GetOccurrenceProvenanceQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly participants: ParticipantHistory,
  ) {}

  /** Now, the ledger entry comes from the command side's cached state; as recorded at an earlier instant, from its participant's part of the state then. */
  async execute(query: GetOccurrenceProvenanceQuery): Promise<OccurrenceProvenanceView> {
    const { contractId, paymentId } = query;
    const found =
      query.asOf === undefined
        ? await this.history.read(contractId, undefined, (state, asOf) => ledgerEntryIn(state, contractId, paymentId, asOf))
        : await this.participants
            .occurrenceAt(contractId, paymentId, query.asOf)
            .then((part) => part && ledgerEntryIn(part.state, contractId, paymentId, part.asOf));
    const entry: LedgerEntry | undefined = found?.entry;
    if (found === undefined || entry === undefined) {
      throw new DomainError('not-found', 'occurrence-not-found', `No verified occurrence ${paymentId} in contract ${contractId}.`, { field: 'paymentId' });
    }
    const facts = await this.history.eventsAt(contractId, provenancePositions(entry));
    const causes = reversalCausePositions(entry, facts).filter((position) => !facts.has(position));
    if (causes.length > 0) for (const [position, event] of await this.history.eventsAt(contractId, causes)) facts.set(position, event);
    return occurrenceProvenanceView(found.at, entry, facts);
  }
}

/** The occurrence's ledger entry in `state`, a copy (now, the state is the command side's cache, which must not be kept), and where it was read. */
function ledgerEntryIn(state: ContractState, contractId: string, paymentId: string, asOf: string): { at: AsRecorded; entry: LedgerEntry | undefined } {
  const entry = state.ledger.get(paymentId);
  return { at: { contractId, asOf, version: state.version }, entry: entry === undefined ? undefined : structuredClone(entry) };
}

/** Computed once per log version and date (SettlementCache): every page of the lines, and every read again, comes from that. */
@QueryHandler(GetSettlementQuery)
export class GetSettlementHandler implements IQueryHandler<GetSettlementQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly cache: SettlementCache,
  ) {}

  async execute(query: GetSettlementQuery): Promise<SettlementView> {
    const { contractId } = query;
    const { asOf, page } = await linesRequestOf(this.history, contractId, query.asOf, query.page);
    const kept = await this.history.readKept(contractId, asOf, this.cache, (version, at) => settlementKey(contractId, version, at), keptSettlementView);
    return pagedView(kept.value, kept.asOf, page);
  }
}

/** Computed once per log version, date, terminatedOn and overrides (SettlementCache). */
@QueryHandler(GetWhatIfSettlementQuery)
export class GetWhatIfSettlementHandler implements IQueryHandler<GetWhatIfSettlementQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly cache: SettlementCache,
  ) {}

  async execute(query: GetWhatIfSettlementQuery): Promise<WhatIfSettlementView> {
    const { contractId, terminatedOn, overrides } = query;
    const { asOf, page } = await linesRequestOf(this.history, contractId, query.asOf, query.page);
    const kept = await this.history.readKept(
      contractId,
      asOf,
      this.cache,
      (version, at) => whatIfKey(contractId, version, at, terminatedOn, overrides),
      (state, at) => keptWhatIfView(state, at, terminatedOn, overrides),
    );
    return pagedView(kept.value, kept.asOf, page);
  }
}

/** Computed once per log version, date and terminatedOn (SettlementCache): a what-if under each way of settling. */
@QueryHandler(GetSettlementComparisonQuery)
export class GetSettlementComparisonHandler implements IQueryHandler<GetSettlementComparisonQuery> {
  constructor(
    private readonly history: ContractHistory,
    private readonly cache: SettlementCache,
  ) {}

  async execute(query: GetSettlementComparisonQuery): Promise<SettlementComparisonView> {
    const { contractId, terminatedOn } = query;
    const kept = await this.history.readKept(
      contractId,
      query.asOf,
      this.cache,
      (version, at) => comparisonKey(contractId, version, at, terminatedOn),
      (state, asOf) => settlementComparisonView(state, asOf, terminatedOn),
    );
    return { ...kept.value, asOf: kept.asOf };
  }
}

/**
 * A page of a settlement's lines, checked, and the instant to read it as recorded at: a cursor's
 * own (the instant of its first page), which an asOf given with it must name too; else the asOf
 * asked. No page asked, or `every`: every line (that passes the filters).
 */
async function linesRequestOf(
  history: ContractHistory,
  contractId: string,
  asOf: string | undefined,
  page: SettlementLinesQuery | undefined,
): Promise<{ asOf: string | undefined; page: SettlementLinesRequest | undefined }> {
  if (page === undefined) return { asOf, page: undefined };
  if ('every' in page) return { asOf, page: { limit: Number.MAX_SAFE_INTEGER, participantId: page.participantId, outcomeCode: page.outcomeCode } };
  const limit = pageLimit(page.limit);
  const cursor = decodeSettlementLinesCursor(page.after);
  const request = { cursor, after: page.after, limit, participantId: page.participantId, outcomeCode: page.outcomeCode };
  if (cursor === undefined) return { asOf, page: request };
  if (asOf !== undefined && (await history.asOfInstant(contractId, asOf)) !== cursor.asOf) {
    throw new DomainError('invalid', 'invalid-cursor', `This cursor was handed out as recorded at ${cursor.asOf}: ask its pages with that asOf, or none.`, {
      field: 'after',
    });
  }
  return { asOf: cursor.asOf, page: request };
}

export const contractQueryHandlers = [
  GetContractSummaryHandler,
  ListParticipantsHandler,
  GetParticipantTimelineHandler,
  ListOccurrencesHandler,
  GetOccurrenceProvenanceHandler,
  GetSettlementHandler,
  GetWhatIfSettlementHandler,
  GetSettlementComparisonHandler,
];
